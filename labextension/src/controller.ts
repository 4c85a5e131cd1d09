/**
 * One report notebook in the browser: asks the server for the analysis of the unsaved model
 * (debounced while the student types) and shows it: badges, locks, placeholder hints, glue.
 */
import { Notification } from '@jupyterlab/apputils';
import { Cell } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';
import { PanelLayout, Widget } from '@lumino/widgets';

import { IAnalysis, IQuestion, requestAPI } from './api';

/** Time after the last change before the notebook is analysed again. */
const DEBOUNCE_MS = 300;
const GLUE = /(?<![$\\{])\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const LOCK_SVG =
  '<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path fill="currentColor" ' +
  'd="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z"/></svg>';
const LOCK_TITLE = 'Part of the course template: locked. Write your answer in the cell below.';

/** The report_nb metadata of a cell widget. */
function cellInfo(cell: Cell): { kind?: string; question?: number } {
  return (cell.model.getMetadata('report_nb') as any) || {};
}

export class ReportController {
  constructor(panel: NotebookPanel) {
    this.panel = panel;
    const model = panel.context.model;
    model.contentChanged.connect(this.schedule, this);
    panel.context.fileChanged.connect(this.schedule, this);
    window.addEventListener('keydown', this._onKey, true);
    panel.content.activeCellChanged.connect(() => (this._guard = null));
    panel.content.node.addEventListener('dblclick', this._onDblClick, true);
    this._observer = new MutationObserver(() => this._scheduleGlue());
    this._observer.observe(panel.content.node, { childList: true, subtree: true });
    panel.disposed.connect(() => this.dispose());
    this.schedule();
  }

  readonly panel: NotebookPanel;

  /** The latest analysis (null until the first answer). */
  get result(): IAnalysis | null {
    return this._result;
  }

  /** Emitted with every new analysis. */
  get changed(): ISignal<this, IAnalysis> {
    return this._changed;
  }

  /** The notebook is a report-nb notebook (made by ``report-nb import``). */
  static isReport(panel: NotebookPanel): boolean {
    return !!panel.context.model.getMetadata('report_nb');
  }

  /** Analyse again after a short quiet time. */
  schedule(): void {
    if (this._timer !== null) {
      window.clearTimeout(this._timer);
    }
    this._timer = window.setTimeout(() => {
      this._timer = null;
      void this.analyse();
    }, DEBOUNCE_MS);
  }

  /** Ask the server for the counts of the notebook as it is now, unsaved. */
  async analyse(): Promise<void> {
    const seq = ++this._seq;
    const body = { path: this.panel.context.path, notebook: this.panel.context.model.toJSON() };
    try {
      const result = await requestAPI<IAnalysis>('analyse', body);
      if (seq !== this._seq || this.panel.isDisposed) {
        return; // a newer request is under way
      }
      this._result = result;
      this._error = null;
      this.render();
      this._changed.emit(result);
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this._error) {
        this._error = message;
        Notification.warning(`report-nb: ${message}`, { autoClose: 8000 });
      }
    }
  }

  /** Show the latest analysis on every cell (cells off screen get theirs when they render). */
  render(): void {
    const result = this._result;
    if (!result) {
      return;
    }
    const cells = this.panel.content.widgets;
    const byId = new Map<string, Cell>();
    cells.forEach(cell => byId.set(cell.model.id, cell));
    const placeholders = new Set(result.placeholders);
    for (const cell of cells) {
      void cell.ready.then(() => this._decorate(cell, result, placeholders.has(cell.model.id)));
    }
    const seen = new Set<number>();
    for (const question of result.questions) {
      seen.add(question.number);
      const cell =
        (question.cell_id && byId.get(question.cell_id)) ||
        (question.cell !== null ? cells[question.cell] : undefined);
      if (cell) {
        void cell.ready.then(() => this._badge(cell, question));
      }
    }
    for (const [number, badge] of this._badges) {
      if (!seen.has(number)) {
        badge.widget.dispose();
        this._badges.delete(number);
      }
    }
    this._applyGlue();
  }

  /** Scroll to the cell that holds question ``number``'s badge and select it. */
  async reveal(number: number): Promise<void> {
    const question = this._result?.questions.find(q => q.number === number);
    const notebook = this.panel.content;
    const index = notebook.widgets.findIndex(c => c.model.id === question?.cell_id);
    if (index < 0) {
      return;
    }
    notebook.activeCellIndex = index;
    await notebook.scrollToCell(notebook.widgets[index], 'center');
  }

  dispose(): void {
    if (this._timer !== null) {
      window.clearTimeout(this._timer);
    }
    this._observer.disconnect();
    window.removeEventListener('keydown', this._onKey, true);
    this._badges.forEach(b => b.widget.dispose());
    this._badges.clear();
  }

  private _decorate(cell: Cell, result: IAnalysis, placeholder: boolean): void {
    if (cell.isDisposed) {
      return;
    }
    const info = cellInfo(cell);
    const locked = !!info.kind && result.locked_kinds.includes(info.kind);
    cell.toggleClass('report-nb-locked', locked);
    cell.toggleClass('report-nb-prompt', info.kind === 'prompt');
    cell.toggleClass('report-nb-answer', !locked && !!info.kind);
    const layout = cell.layout as PanelLayout;
    const hasLock = !!cell.node.querySelector(':scope > .report-nb-lock');
    if (locked && !hasLock) {
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
      widget.node.textContent =
        '✎ Still the template placeholder: double-click and replace it with your answer.';
      layout.addWidget(widget);
    } else if (!placeholder && hint) {
      layout.widgets.filter(w => w.node === hint).forEach(w => w.dispose());
    }
  }

  private _badge(cell: Cell, question: IQuestion): void {
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
    const node = badge.widget.node;
    node.dataset.reportNbQuestion = String(question.number);
    node.dataset.words = String(question.words);
    node.dataset.images = String(question.images);
    node.dataset.ok = String(question.ok);
    node.classList.toggle('report-nb-fail', !question.ok);
    const notes = [
      ...question.problems,
      ...question.warnings.map(w => w.message),
      ...question.unresolved.map(n => `{{ ${n} }} has no glued value yet`)
    ];
    node.title = notes.join('\n');
    node.textContent = '';
    const label = document.createElement('span');
    label.className = 'report-nb-badge-label';
    label.textContent = question.label + (notes.length ? `  ⚠ ${notes.length}` : '');
    node.appendChild(label);
    if (notes.length) {
      const details = document.createElement('ul');
      details.className = 'report-nb-badge-notes';
      for (const note of notes) {
        const item = document.createElement('li');
        item.textContent = note;
        details.appendChild(item);
      }
      node.appendChild(details);
      label.onclick = () => node.classList.toggle('report-nb-open');
    }
  }

  private _scheduleGlue(): void {
    if (this._glueFrame === null) {
      this._glueFrame = window.requestAnimationFrame(() => {
        this._glueFrame = null;
        this._applyGlue();
      });
    }
  }

  /** Show ``{{ name }}`` in rendered Markdown as its glued value (or marked unresolved). */
  private _applyGlue(): void {
    const values = this._result?.glue;
    if (!values) {
      return;
    }
    const root = this.panel.content.node;
    root.querySelectorAll<HTMLElement>('.report-nb-glue').forEach(span => {
      setGlue(span, values);
    });
    root.querySelectorAll<HTMLElement>('.jp-MarkdownOutput').forEach(output => {
      if (!output.textContent || output.textContent.indexOf('{{') < 0) {
        return;
      }
      const walker = document.createTreeWalker(output, NodeFilter.SHOW_TEXT);
      const texts: Text[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent && !parent.closest('.report-nb-glue, code, pre')) {
          texts.push(node as Text);
        }
      }
      texts.forEach(text => replaceGlue(text, values));
    });
  }

  /**
   * Keys on a locked cell: in edit mode its editor is read-only, so say why nothing happens; in
   * command mode, after an attempt to edit it (double-click, Enter), swallow typed characters
   * (they would run notebook shortcuts: "a" inserts a cell, "y" makes it code) and say why.
   * Listens on the window in the capture phase, before JupyterLab's own shortcuts.
   */
  private _onKey = (event: KeyboardEvent): void => {
    const notebook = this.panel.content;
    const cell = notebook.activeCell;
    if (!cell || !this.panel.node.contains(event.target as Node)) {
      return;
    }
    if (!cell.hasClass('report-nb-locked') || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const typed = event.key.length === 1 || event.key === 'Backspace' || event.key === 'Delete';
    if (notebook.mode === 'edit') {
      if (typed || event.key === 'Enter') {
        this._notifyLocked(cell);
      }
      return;
    }
    if (event.key === 'Enter' || (typed && this._guard === cell)) {
      this._guard = cell;
      this._notifyLocked(cell);
      event.preventDefault();
      event.stopPropagation();
    }
  };

  private _onDblClick = (event: MouseEvent): void => {
    const cell = this._lockedCellOf(event.target);
    if (cell) {
      this._guard = cell;
      this._notifyLocked(cell);
    }
  };

  private _lockedCellOf(target: EventTarget | null): Cell | null {
    const node = (target as HTMLElement | null)?.closest?.('.jp-Cell.report-nb-locked');
    if (!node) {
      return null;
    }
    return this.panel.content.widgets.find(c => c.node === node) || null;
  }

  private _notifyLocked(cell: Cell): void {
    const now = Date.now();
    if (now - this._lastLockNotice < 4000) {
      return;
    }
    this._lastLockNotice = now;
    const info = cellInfo(cell);
    const what = info.kind === 'prompt' ? `the prompt of question ${info.question}` : 'this cell';
    Notification.info(
      `report-nb: ${what} is the course's text and is locked; write your answer in the cell below it.`,
      { autoClose: 5000 }
    );
  }

  private _result: IAnalysis | null = null;
  private _error: string | null = null;
  private _seq = 0;
  private _timer: number | null = null;
  private _glueFrame: number | null = null;
  private _lastLockNotice = 0;
  private _guard: Cell | null = null;
  private _observer: MutationObserver;
  private _badges = new Map<number, { cell: Cell; widget: Widget }>();
  private _changed = new Signal<this, IAnalysis>(this);
}

function setGlue(span: HTMLElement, values: { [name: string]: string }): void {
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

function replaceGlue(text: Text, values: { [name: string]: string }): void {
  const source = text.data;
  GLUE.lastIndex = 0;
  if (!GLUE.test(source)) {
    return;
  }
  GLUE.lastIndex = 0;
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (let match = GLUE.exec(source); match; match = GLUE.exec(source)) {
    fragment.appendChild(document.createTextNode(source.slice(last, match.index)));
    const span = document.createElement('span');
    span.className = 'report-nb-glue';
    span.dataset.name = match[1];
    setGlue(span, values);
    fragment.appendChild(span);
    last = match.index + match[0].length;
  }
  fragment.appendChild(document.createTextNode(source.slice(last)));
  text.replaceWith(fragment);
}
