/**
 * What each cell widget shows of the analysis: the lock on course text, the answer bar, the
 * placeholder hint, and the badge under each question's last answer cell.
 */
import { Cell } from '@jupyterlab/cells';
import { PanelLayout, Widget } from '@lumino/widgets';

import { fillBadge } from './badge';
import { IAnalysis, ICellInfo, IQuestion } from './protocol';

const LOCK_SVG =
  '<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path fill="currentColor" ' +
  'd="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z"/></svg>';
const LOCK_TITLE = 'Part of the course template: locked. Write your answer in the cell below.';
const HINT = '✎ Still the template placeholder: double-click and replace it with your answer.';

/** The report_nb metadata of a cell widget. */
export function cellInfo(cell: Cell): ICellInfo {
  const info = cell.model.getMetadata('report_nb') as ICellInfo | undefined;
  return info && typeof info === 'object' ? info : {};
}

/** Lock, answer bar and placeholder hint of one cell. */
export function decorateCell(cell: Cell, result: IAnalysis, placeholder: boolean): void {
  if (cell.isDisposed) {
    return;
  }
  const info = cellInfo(cell);
  const locked = !!info.kind && result.locked_kinds.includes(info.kind);
  cell.toggleClass('report-nb-locked', locked);
  cell.toggleClass('report-nb-prompt', info.kind === 'prompt');
  cell.toggleClass('report-nb-answer', !locked && !!info.kind);
  const layout = cell.layout as PanelLayout;
  if (locked && !cell.node.querySelector(':scope > .report-nb-lock')) {
    const lock = new Widget();
    lock.addClass('report-nb-lock');
    lock.node.title = LOCK_TITLE;
    lock.node.innerHTML = LOCK_SVG + '<span>locked</span>';
    layout.insertWidget(0, lock);
  }
  cell.toggleClass('report-nb-placeholder', placeholder);
  const hint = cell.node.querySelector(':scope > .report-nb-hint');
  if (placeholder && !hint) {
    const widget = new Widget();
    widget.addClass('report-nb-hint');
    widget.node.textContent = HINT;
    layout.addWidget(widget);
  } else if (!placeholder && hint) {
    layout.widgets.filter(w => w.node === hint).forEach(w => w.dispose());
  }
}

/** The badge widgets of one notebook, one per question, each under its question's cell. */
export class Badges {
  /** Show ``question``'s badge under ``cell`` (moving it there if it was elsewhere). */
  show(cell: Cell, question: IQuestion): void {
    if (cell.isDisposed) {
      return;
    }
    let badge = this._badges.get(question.number);
    if (badge && (badge.cell !== cell || badge.widget.isDisposed)) {
      badge.widget.dispose();
      badge = undefined;
    }
    if (!badge) {
      const widget = new Widget();
      widget.addClass('report-nb-badge');
      (cell.layout as PanelLayout).addWidget(widget);
      badge = { cell, widget };
      this._badges.set(question.number, badge);
    }
    fillBadge(badge.widget.node, question);
  }

  /** Remove the badges of questions not in ``numbers``. */
  keep(numbers: Set<number>): void {
    for (const [number, badge] of this._badges) {
      if (!numbers.has(number)) {
        badge.widget.dispose();
        this._badges.delete(number);
      }
    }
  }

  dispose(): void {
    this._badges.forEach(b => b.widget.dispose());
    this._badges.clear();
  }

  private _badges = new Map<number, { cell: Cell; widget: Widget }>();
}
