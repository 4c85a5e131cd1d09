/**
 * Build, Check and Merge README edits on the saved notebook: each a notification that runs while
 * the server works (the build's shows the running question and cell, with Cancel) and ends with
 * the result, or with the refusal and a "Details" action that shows every problem and its remedy.
 */
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { getAPI, requestAPI } from './api';
import { ReportController } from './controller';
import { ReportError } from './errors';
import { IBuildProgress, IBuildResult, ICheckResult, IMergeResult } from './protocol';

/** How often a running build's progress is asked for. */
const PROGRESS_MS = 400;

/** Save the notebook first if it has unsaved changes: the commands act on the saved file. */
async function saved(controller: ReportController): Promise<string> {
  const context = controller.panel.context;
  if (context.model.dirty) {
    await context.save();
  }
  return context.path;
}

/** Every line of a refusal in a dialog (toasts cut their text at 140 characters). */
export function showDetails(title: string, error: Error): Promise<unknown> {
  const lines = error instanceof ReportError ? error.details : [error.message];
  const body = new Widget();
  body.addClass('report-nb-details');
  const list = document.createElement('ul');
  for (const line of lines) {
    const item = document.createElement('li');
    item.textContent = line;
    list.appendChild(item);
  }
  body.node.appendChild(list);
  return showDialog({ title, body, buttons: [Dialog.okButton({ label: 'Close' })] });
}

/** Turn the notification ``id`` into the refusal, with its Details. */
function failed(id: string, what: string, error: Error): void {
  Notification.update({
    id,
    message: `report-nb ${what}: ${error.message}`,
    type: 'error',
    autoClose: false,
    actions: [
      {
        label: 'Details',
        caption: 'every problem and the command that resolves it',
        callback: () => void showDetails(`report-nb ${what}: refused`, error)
      }
    ]
  });
}

function running(message: string, actions: Notification.IAction[] = []): string {
  return Notification.emit(message, 'in-progress', { autoClose: false, actions });
}

export async function build(controller: ReportController | null): Promise<void> {
  if (!controller) {
    return;
  }
  const path = await saved(controller);
  const cancel: Notification.IAction = {
    label: 'Cancel',
    caption: 'interrupt the kernel and stop the build',
    callback: event => {
      event.preventDefault(); // keep the toast: it says when the build has stopped
      void requestAPI('build/cancel', { path });
    }
  };
  const id = running('report-nb: building the report (starting the kernel)…', [cancel]);
  let done = false;
  const poll = async (): Promise<void> => {
    while (!done) {
      await new Promise(resolve => setTimeout(resolve, PROGRESS_MS));
      const progress = await getAPI<IBuildProgress>('build', { path }).catch(() => null);
      if (!done && progress?.running) {
        Notification.update({ id, message: progressMessage(progress), actions: [cancel] });
      }
    }
  };
  void poll();
  try {
    const r = await requestAPI<IBuildResult>('build', { path });
    Notification.update({
      id,
      type: 'success',
      autoClose: 8000,
      actions: [],
      message:
        `report-nb: built ${r.readme} (${r.passed}/${r.total} pass; ` +
        `${r.written.length ? 'wrote ' + r.written.join(', ') : 'nothing changed'}` +
        `${r.cached ? ', cached outputs' : ''})` +
        (r.skipped.length ? `. ${r.skipped.join('; ')}` : '')
    });
  } catch (error) {
    failed(id, 'build', error as Error);
  } finally {
    done = true;
  }
}

/** ``building: question 4, cell 12 (3 of 20 cells)``. */
export function progressMessage(progress: IBuildProgress): string {
  if (progress.cancelled) {
    return 'report-nb: cancelling the build…';
  }
  const count = progress.total ? ` (${progress.done} of ${progress.total} cells)` : '';
  return `report-nb: building: ${progress.label || 'starting'}${count}`;
}

export async function check(controller: ReportController | null): Promise<ICheckResult | null> {
  if (!controller) {
    return null;
  }
  const path = await saved(controller);
  const id = running('report-nb: checking the saved report…');
  try {
    const r = await requestAPI<ICheckResult>('check', { path });
    const failing = r.questions.filter(q => !q.ok).map(q => `Q${q.number}`);
    Notification.update({
      id,
      type: r.passed === r.total && !r.rejected ? 'success' : 'warning',
      autoClose: 8000,
      message:
        `report-nb check: passed ${r.passed}/${r.total}` +
        (failing.length ? `; failing ${failing.join(', ')}` : '') +
        (r.rejected ? `; the official checker will reject it: ${r.rejected}` : '')
    });
    return r;
  } catch (error) {
    failed(id, 'check', error as Error);
    return null;
  } finally {
    void controller.analyse();
  }
}

/**
 * The notebook was rewritten on disk (merge, undo merge): reload it so no stale copy can save
 * over it, keep the view where it was, and leave no undo history that crosses the reload.
 */
async function reload(controller: ReportController): Promise<void> {
  const { context, content } = controller.panel;
  const scroller = content.node.querySelector('.jp-WindowedPanel-outer') ?? content.node;
  const top = scroller.scrollTop;
  const active = content.activeCellIndex;
  await context.revert();
  context.model.sharedModel.clearUndoHistory();
  content.activeCellIndex = Math.min(active, content.widgets.length - 1);
  scroller.scrollTop = top;
  controller.reloaded();
}

export async function merge(controller: ReportController | null): Promise<void> {
  if (!controller) {
    return;
  }
  const path = await saved(controller);
  const id = running('report-nb: merging the README edits into the notebook…');
  try {
    const r = await requestAPI<IMergeResult>('merge', { path });
    await reload(controller);
    const merged = r.merged.length
      ? `question${r.merged.length > 1 ? 's' : ''} ${r.merged.join(', ')}`
      : 'no question (nothing had changed)';
    const undo: Notification.IAction = {
      label: 'Undo merge',
      caption: 'put the notebook back as it was before this merge',
      callback: () => void undoMerge(controller)
    };
    Notification.update({
      id,
      type: 'success',
      autoClose: 10000,
      actions: r.merged.length ? [undo] : [],
      message: `report-nb: merged ${merged} from ${r.readme} (reloaded)`
    });
  } catch (error) {
    failed(id, 'merge', error as Error);
  }
}

export async function undoMerge(controller: ReportController | null): Promise<void> {
  if (!controller) {
    return;
  }
  const path = controller.panel.context.path;
  const id = running('report-nb: undoing the last merge…');
  try {
    await requestAPI<{ written: string[] }>('undo-merge', { path });
    await reload(controller);
    Notification.update({
      id,
      type: 'success',
      autoClose: 6000,
      message: 'report-nb: the notebook is back as it was before the merge (reloaded)'
    });
  } catch (error) {
    failed(id, 'undo merge', error as Error);
  }
}
