/**
 * The checklist cell's evidence: after each item of the rendered checklist, what the repository
 * shows for it (``POST /report-nb/audit``, asked on open and after each save). Items are matched
 * by their text, so that cells edited since the save keep their markers where the text is the same.
 */
import { IAuditItem } from './protocol';

/** The class of the marker after an item. */
export const MARKER = 'report-nb-evidence';

/** What to show after one item. */
export interface IMarker {
  kind: 'present' | 'absent' | 'hint' | 'unknown';
  text: string;
  title: string;
}

/** An item's text as a comparable key: no tick, no Markdown emphasis or code marks, one case. */
export function itemKey(text: string): string {
  return text
    .replace(/^\s*(?:[-*+]\s+)?\[[ xX]\]\s*/, '')
    .replace(/[`*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** For each item text in the cell, the server's item with the same text (each used once). */
export function matchItems(texts: string[], items: IAuditItem[]): (IAuditItem | null)[] {
  const byKey = new Map<string, IAuditItem[]>();
  for (const item of items) {
    const key = itemKey(item.text);
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  return texts.map(text => byKey.get(itemKey(text))?.shift() ?? null);
}

/** The marker of ``item``, ticked as the cell shows it now (it may be newer than the README). */
export function markerFor(item: IAuditItem, ticked: boolean): IMarker {
  const first = item.paths[0] ?? '';
  if (item.evidence === 'present') {
    return ticked
      ? { kind: 'present', text: `✓ ${first}`, title: item.paths.join('\n') || item.reason }
      : { kind: 'hint', text: `you may tick this: ${first}`, title: item.reason };
  }
  if (item.evidence === 'absent' && ticked) {
    return { kind: 'absent', text: '⚠ no evidence found', title: item.reason };
  }
  return { kind: 'unknown', text: '', title: item.reason };
}

/** Put the markers after the checklist items rendered in ``node`` (idempotent). */
export function decorateChecklist(node: HTMLElement, items: IAuditItem[]): void {
  const entries = Array.from(node.querySelectorAll<HTMLLIElement>('.jp-RenderedMarkdown li'));
  const texts = entries.map(li => ownText(li));
  const matched = matchItems(texts, items);
  entries.forEach((li, index) => {
    const item = matched[index];
    const box = li.querySelector<HTMLInputElement>(':scope > input[type=checkbox]');
    const ticked = box ? box.checked : /^\s*\[[xX]\]/.test(li.textContent ?? '');
    const marker = item ? markerFor(item, ticked) : null;
    let span = li.querySelector<HTMLSpanElement>(`:scope > .${MARKER}`);
    if (!marker || !marker.text) {
      span?.remove();
      return;
    }
    if (!span) {
      span = document.createElement('span');
      li.appendChild(span);
    }
    if (span.textContent !== marker.text || span.dataset.evidence !== marker.kind) {
      span.className = `${MARKER} ${MARKER}-${marker.kind}`;
      span.dataset.evidence = marker.kind;
      span.textContent = marker.text;
      span.title = marker.title;
    }
  });
}

/** An item's text without the marker already shown after it. */
function ownText(li: HTMLLIElement): string {
  const clone = li.cloneNode(true) as HTMLLIElement;
  clone.querySelectorAll(`.${MARKER}`).forEach(span => span.remove());
  return clone.textContent ?? '';
}
