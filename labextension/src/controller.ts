/**
 * One report notebook in the browser: asks the server for the analysis of the unsaved model
 * (see schedule.ts) and shows it with decorate.ts (badges, locks, hints), glue.ts (glued values)
 * and locks.ts (refused keys and moves); on open and after each save, the checklist's evidence
 * in the repository (checklist.ts).
 */
import { Cell } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';

import { requestAPI } from './api';
import { decorateChecklist } from './checklist';
import { Badges, cellInfo, decorateCell } from './decorate';
import { applyGlue, gluePattern } from './glue';
import { LockGuard } from './locks';
import { Notices } from './notices';
import { IAnalysis, IAuditAnswer } from './protocol';
import { Debouncer } from './schedule';

export class ReportController {
  constructor(panel: NotebookPanel, notices: Notices) {
    this.panel = panel;
    this._notices = notices;
    this._debouncer = new Debouncer(() => this.analyse());
    this._locks = new LockGuard(panel, notices);
    const schedule = (): void => this.schedule();
    panel.context.model.contentChanged.connect(schedule);
    panel.context.fileChanged.connect(schedule);
    this._observer = new MutationObserver(() => this._scheduleGlue());
    this._observer.observe(panel.content.node, { childList: true, subtree: true });
    panel.context.saveState.connect((_, state) => {
      if (state === 'completed') {
        void this.audit();
      }
    });
    panel.disposed.connect(() => this.dispose());
    this.schedule();
    void panel.context.ready.then(() => this.audit());
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
    this._debouncer.schedule();
  }

  /** The notebook was reloaded from disk: the cell order it has now is the one to keep. */
  reloaded(): void {
    this._locks.reset();
    this.schedule();
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
      this._pattern = gluePattern(result.glue_pattern);
      this._error = null;
      this._locks.lockedKinds = result.locked_kinds;
      this.render();
      this._changed.emit(result);
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this._error) {
        this._error = message;
        this._notices.warning('analyse', `report-nb: ${message}`);
      }
    }
  }

  /** Ask the server what the repository shows for each checklist item of the saved README. */
  async audit(): Promise<void> {
    const seq = ++this._auditSeq;
    try {
      const answer = await requestAPI<IAuditAnswer>('audit', { path: this.panel.context.path });
      if (seq === this._auditSeq && !this.panel.isDisposed) {
        this._audit = answer;
        this._applyAudit();
      }
    } catch (error) {
      console.warn(`report-nb: the checklist's evidence: ${(error as Error).message}`);
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
      void cell.ready.then(() => decorateCell(cell, result, placeholders.has(cell.model.id)));
    }
    const seen = new Set<number>();
    for (const question of result.questions) {
      seen.add(question.number);
      const cell =
        (question.cell_id && byId.get(question.cell_id)) ||
        (question.cell !== null ? cells[question.cell] : undefined);
      if (cell) {
        void cell.ready.then(() => this._badges.show(cell, question));
      }
    }
    this._badges.keep(seen);
    this._applyGlue();
  }

  /** The question the active cell belongs to (its own, or the last prompt's above it). */
  currentQuestion(): number | null {
    const notebook = this.panel.content;
    for (let index = notebook.activeCellIndex; index >= 0; index--) {
      const cell = notebook.widgets[index];
      const question = cell ? cellInfo(cell).question : undefined;
      if (typeof question === 'number') {
        return question;
      }
    }
    return null;
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
    this._debouncer.dispose();
    this._observer.disconnect();
    this._locks.dispose();
    this._badges.dispose();
  }

  private _scheduleGlue(): void {
    if (this._glueFrame === null) {
      this._glueFrame = window.requestAnimationFrame(() => {
        this._glueFrame = null;
        this._applyGlue();
      });
    }
  }

  private _applyGlue(): void {
    if (this._result && this._pattern) {
      applyGlue(this.panel.content.node, this._result.glue, this._pattern);
    }
    this._applyAudit();
  }

  /** The evidence markers on the checklist cells (again after they render again). */
  private _applyAudit(): void {
    if (!this._audit) {
      return;
    }
    for (const cell of this.panel.content.widgets) {
      if (cellInfo(cell).kind === 'checklist') {
        decorateChecklist(cell.node, this._audit.items);
      }
    }
  }

  private readonly _notices: Notices;
  private readonly _debouncer: Debouncer;
  private readonly _locks: LockGuard;
  private readonly _observer: MutationObserver;
  private readonly _badges = new Badges();
  private readonly _changed = new Signal<this, IAnalysis>(this);
  private _result: IAnalysis | null = null;
  private _pattern: RegExp | null = null;
  private _error: string | null = null;
  private _seq = 0;
  private _audit: IAuditAnswer | null = null;
  private _auditSeq = 0;
  private _glueFrame: number | null = null;
}
