/**
 * The hand-in beside the answer: a side panel showing the current question (or the whole page)
 * as the graders' page renders it, or as GitHub does, live while the student types. The server
 * sanitises the HTML as the HTML report does and embeds the figures; the frame is sandboxed too
 * (no script, no same origin).
 */
import { Widget } from '@lumino/widgets';

import { requestAPI } from './api';
import { ReportController } from './controller';
import { IHandinView } from './protocol';
import { Debouncer } from './schedule';

/** The hand-in takes about 0.2 s to render: ask again only after a longer pause. */
const HANDIN_DEBOUNCE_MS = 300;

const FRAME_STYLE =
  'body{font-family:system-ui,sans-serif;font-size:14px;line-height:1.5;margin:8px 12px;' +
  'color:#1a1a1a;background:#fff}img{max-width:100%}pre,code{white-space:pre-wrap}' +
  'table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}';

export class HandinPanel extends Widget {
  constructor(current: () => ReportController | null) {
    super();
    this._current = current;
    this.id = 'report-nb-handin';
    this.addClass('report-nb-handin');
    this.title.label = 'Hand-in';
    this.title.caption = 'report-nb: the current answer as the graders will see it';
    this.title.closable = true;
    const bar = document.createElement('div');
    bar.className = 'report-nb-handin-bar';
    this._scope = choice('scope', [
      ['question', 'This question'],
      ['page', 'Whole page']
    ]);
    this._view = choice('view', [
      ['handin', 'Hand-in'],
      ['github', 'GitHub']
    ]);
    this._scope.onchange = () => this.render();
    this._view.onchange = () => this.render();
    this._caption = document.createElement('span');
    this._caption.className = 'report-nb-handin-caption';
    bar.append(this._scope, this._view, this._caption);
    this._frame = document.createElement('iframe');
    this._frame.className = 'report-nb-handin-frame';
    this._frame.setAttribute('sandbox', '');
    this._frame.title = 'The hand-in page';
    this.node.append(bar, this._frame);
    this._debouncer = new Debouncer(() => this._fetch(), HANDIN_DEBOUNCE_MS);
  }

  /** The notebook changed: render the hand-in again (when the panel is shown). */
  schedule(): void {
    if (this.isAttached) {
      this._debouncer.schedule();
    }
  }

  /** Show the current question of the latest rendering. */
  render(): void {
    const controller = this._current();
    const view = this._data;
    if (!controller || !view) {
      this._show('<p>Open a report notebook to see its hand-in.</p>', '');
      return;
    }
    const github = this._view.value === 'github';
    if (this._scope.value === 'page') {
      this._show(view.page, github ? 'whole page (hand-in view)' : 'whole page');
      return;
    }
    const number = controller.currentQuestion();
    const question = view.questions.find(q => q.number === number);
    if (!question) {
      this._show('<p>Select an answer to see it as the graders will.</p>', 'no question');
      return;
    }
    const html = github ? question.github : question.handin;
    this._show(html || '<p><em>(empty)</em></p>', `question ${question.number}`);
  }

  dispose(): void {
    this._debouncer.dispose();
    super.dispose();
  }

  private _show(html: string, caption: string): void {
    this._caption.textContent = caption;
    this.node.dataset.question = caption;
    const doc = `<!doctype html><meta charset="utf-8"><style>${FRAME_STYLE}</style>${html}`;
    if (this._frame.srcdoc !== doc) {
      this._frame.srcdoc = doc;
    }
  }

  private async _fetch(): Promise<void> {
    const controller = this._current();
    if (!controller || !this.isAttached) {
      return;
    }
    const { context } = controller.panel;
    try {
      this._data = await requestAPI<IHandinView>('handin', {
        path: context.path,
        notebook: context.model.toJSON()
      });
    } catch (error) {
      this._data = null;
      this._show(`<p>${escapeText((error as Error).message)}</p>`, 'error');
      return;
    }
    this.render();
  }

  private readonly _current: () => ReportController | null;
  private readonly _scope: HTMLSelectElement;
  private readonly _view: HTMLSelectElement;
  private readonly _caption: HTMLSpanElement;
  private readonly _frame: HTMLIFrameElement;
  private readonly _debouncer: Debouncer;
  private _data: IHandinView | null = null;
}

function choice(name: string, options: [string, string][]): HTMLSelectElement {
  const select = document.createElement('select');
  select.className = `report-nb-handin-${name}`;
  select.title = name === 'scope' ? 'what to show' : 'which renderer';
  for (const [value, label] of options) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    select.appendChild(option);
  }
  return select;
}

function escapeText(text: string): string {
  const node = document.createElement('span');
  node.textContent = text;
  return node.innerHTML;
}
