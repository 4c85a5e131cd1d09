/**
 * ``{{ name }}`` in rendered Markdown shown as its glued value, or marked unresolved.
 *
 * The placeholder pattern is not written here: the server sends report-nb's own
 * (``report_nb.notebook.cells.PLACEHOLDER``) with every analysis.
 */

export type GlueValues = { [name: string]: string };

/** The server's pattern as a global RegExp, or null when this browser cannot compile it. */
export function gluePattern(source: string): RegExp | null {
  try {
    return new RegExp(source, 'g');
  } catch {
    return null;
  }
}

/** Rewrite every placeholder in the rendered Markdown below ``root``. */
export function applyGlue(root: HTMLElement, values: GlueValues, pattern: RegExp): void {
  root.querySelectorAll<HTMLElement>('.report-nb-glue').forEach(span => {
    setGlue(span, values);
  });
  root.querySelectorAll<HTMLElement>('.jp-MarkdownOutput').forEach(output => {
    if (!output.textContent || output.textContent.indexOf('{{') < 0) {
      return;
    }
    const walker = output.ownerDocument.createTreeWalker(output, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && !parent.closest('.report-nb-glue, code, pre')) {
        texts.push(node as Text);
      }
    }
    texts.forEach(text => replaceGlue(text, values, pattern));
  });
}

/** Show one placeholder span's value (or its name, marked unresolved). */
export function setGlue(span: HTMLElement, values: GlueValues): void {
  const name = span.dataset.name || '';
  const known = Object.prototype.hasOwnProperty.call(values, name);
  const text = known ? values[name] : `{{ ${name} }}`;
  if (span.textContent !== text) {
    span.textContent = text;
  }
  span.classList.toggle('report-nb-unresolved', !known);
  span.title = known
    ? `{{ ${name} }}: glued by a code cell (report_nb.glue)`
    : `{{ ${name} }}: no code cell glued this value yet (run the cell that calls report_nb.glue)`;
}

/** Split a text node at its placeholders, each becoming a ``.report-nb-glue`` span. */
export function replaceGlue(text: Text, values: GlueValues, pattern: RegExp): void {
  const source = text.data;
  const matches = [...source.matchAll(pattern)];
  if (!matches.length) {
    return;
  }
  const doc = text.ownerDocument;
  const fragment = doc.createDocumentFragment();
  let last = 0;
  for (const match of matches) {
    const start = match.index ?? 0;
    fragment.appendChild(doc.createTextNode(source.slice(last, start)));
    const span = doc.createElement('span');
    span.className = 'report-nb-glue';
    span.dataset.name = match[1];
    setGlue(span, values);
    fragment.appendChild(span);
    last = start + match[0].length;
  }
  fragment.appendChild(doc.createTextNode(source.slice(last)));
  text.replaceWith(fragment);
}
