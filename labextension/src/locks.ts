/**
 * The locks in action: keys typed into a locked cell are refused with a notice, and a move that
 * puts a prompt against its answer (move up/down, drag and drop, cut and paste of the order) is
 * put back, with a notice naming the question.
 */
import { Cell, ICellModel } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';

import { cellInfo } from './decorate';
import { IOrderedCell, lockedKeyAction, misplaced, restoringMoves, sameCells } from './guard';
import { Notices } from './notices';
import { ICellInfo } from './protocol';

/** Kinds locked before the first analysis says which are (the prompts always are). */
const ALWAYS_LOCKED = ['prompt'];

export class LockGuard {
  constructor(panel: NotebookPanel, notices: Notices) {
    this._panel = panel;
    this._notices = notices;
    window.addEventListener('keydown', this._onKey, true);
    panel.content.activeCellChanged.connect(this._forget, this);
    panel.content.node.addEventListener('dblclick', this._onDblClick, true);
    panel.context.model.cells.changed.connect(this._onCells, this);
    this._lockedOrder = [];
    this._order = [];
    this.reset();
  }

  /** The kinds the server locks (from the latest analysis). */
  set lockedKinds(kinds: string[]) {
    this._lockedKinds = kinds;
  }

  /** Forget the order after the notebook was reloaded from disk (a merge rewrote it). */
  reset(): void {
    const cells = this._cells();
    // every template cell, in import's order (misplaced() compares only the locked ones)
    this._lockedOrder = cells.filter(c => !!c.info.kind).map(c => c.id);
    this._order = cells.map(c => c.id);
  }

  dispose(): void {
    window.removeEventListener('keydown', this._onKey, true);
    this._panel.content.node.removeEventListener('dblclick', this._onDblClick, true);
  }

  private _forget(): void {
    this._guarded = null;
  }

  private _cells(): IOrderedCell[] {
    const cells: IOrderedCell[] = [];
    const list = this._panel.context.model.cells;
    for (let i = 0; i < list.length; i++) {
      const model: ICellModel = list.get(i);
      const info = (model.getMetadata('report_nb') as ICellInfo | undefined) ?? {};
      cells.push({ id: model.id, info, locked: !!info.kind && this._isLocked(info.kind) });
    }
    return cells;
  }

  private _isLocked(kind: string): boolean {
    return this._lockedKinds.includes(kind);
  }

  /** After the cell list changed: put a forbidden reordering back (once the change is done). */
  private _onCells(): void {
    if (this._checking) {
      return;
    }
    this._checking = true;
    setTimeout(() => {
      this._checking = false;
      this._checkOrder();
    }, 0);
  }

  private _checkOrder(): void {
    if (this._panel.isDisposed) {
      return;
    }
    const cells = this._cells();
    const ids = cells.map(c => c.id);
    const wrong = misplaced(cells, this._lockedOrder);
    if (!wrong || !sameCells(ids, this._order)) {
      this._order = ids;
      return;
    }
    const shared = this._panel.context.model.sharedModel;
    shared.transact(() => {
      restoringMoves(ids, this._order).forEach(([from, to]) => shared.moveCell(from, to));
    });
    const what = wrong.info.question ? ` of question ${wrong.info.question}` : '';
    this._notices.info(
      'order',
      `report-nb: the ${wrong.info.kind ?? 'cell'}${what} cannot move there: ` +
        'each prompt stays above its answer, in the template order. The move was undone.'
    );
  }

  /** Listens on the window in the capture phase, before JupyterLab's own shortcuts. */
  private _onKey = (event: KeyboardEvent): void => {
    const notebook = this._panel.content;
    const cell = notebook.activeCell;
    if (!cell || !this._panel.node.contains(event.target as Node)) {
      return;
    }
    if (!cell.hasClass('report-nb-locked')) {
      return;
    }
    const action = lockedKeyAction(event, notebook.mode, this._guarded === cell);
    if (action === 'none') {
      return;
    }
    this._notifyLocked(cell);
    if (action === 'block') {
      this._guarded = cell;
      event.preventDefault();
      event.stopPropagation();
    }
  };

  private _onDblClick = (event: MouseEvent): void => {
    const node = (event.target as HTMLElement | null)?.closest?.('.jp-Cell.report-nb-locked');
    const cell = node ? this._panel.content.widgets.find(c => c.node === node) : undefined;
    if (cell) {
      this._guarded = cell;
      this._notifyLocked(cell);
    }
  };

  private _notifyLocked(cell: Cell): void {
    const info = cellInfo(cell);
    const what = info.kind === 'prompt' ? `the prompt of question ${info.question}` : 'this cell';
    this._notices.info(
      'locked',
      `report-nb: ${what} is the course's text and is locked; write your answer in the cell below it.`
    );
  }

  private readonly _panel: NotebookPanel;
  private readonly _notices: Notices;
  private _lockedKinds: string[] = ALWAYS_LOCKED;
  private _lockedOrder: string[];
  private _order: string[];
  private _guarded: Cell | null = null;
  private _checking = false;
}
