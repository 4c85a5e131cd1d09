/**
 * report-nb in JupyterLab: live grader counts per answer, visible locks, glued values, and the
 * Build / Check / Merge README edits commands (palette and notebook toolbar).
 */
import {
  ILabShell,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IStatusBar } from '@jupyterlab/statusbar';
import { CommandToolbarButton } from '@jupyterlab/ui-components';
import { Signal } from '@lumino/signaling';

import { IBuildResult, ICheckResult, IMergeResult, requestAPI } from './api';
import { ReportController } from './controller';
import { ReportPanel, ReportStatus } from './status';

const COMMANDS = {
  build: 'report-nb:build',
  check: 'report-nb:check',
  merge: 'report-nb:merge',
  panel: 'report-nb:show-panel'
};

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'report-nb:plugin',
  description: 'report-nb: the MLOps report notebook with live grader counts.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, IStatusBar, ILabShell],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null,
    labShell: ILabShell | null
  ) => {
    const controllers = new WeakMap<NotebookPanel, ReportController>();
    const panel = new ReportPanel();
    const current = (): ReportController | null => {
      const widget = tracker.currentWidget;
      return (widget && controllers.get(widget)) || null;
    };
    const status = new ReportStatus(() => void app.commands.execute(COMMANDS.panel));
    const active = new Signal<ReportStatus, void>(status);
    const refresh = (): void => {
      active.emit();
      const controller = current();
      status.show_(controller?.result ?? null);
      if (panel.isAttached) {
        panel.show_(controller);
      }
    };

    tracker.widgetAdded.connect((_, nbPanel) => {
      void nbPanel.context.ready.then(() => {
        if (!ReportController.isReport(nbPanel)) {
          return;
        }
        const controller = new ReportController(nbPanel);
        controllers.set(nbPanel, controller);
        controller.changed.connect(() => {
          if (tracker.currentWidget === nbPanel) {
            refresh();
          }
        });
        addToolbar(app, nbPanel);
        refresh();
      });
    });
    tracker.currentChanged.connect(refresh);

    app.commands.addCommand(COMMANDS.panel, {
      label: 'Show report status',
      execute: () => {
        if (!panel.isAttached) {
          app.shell.add(panel, 'right', { rank: 900 });
        }
        panel.show_(current());
        app.shell.activateById(panel.id);
      }
    });
    app.commands.addCommand(COMMANDS.build, {
      label: 'Build report',
      caption: 'report-nb build: run the saved notebook, write README.md, figures/, report.html',
      isEnabled: () => !!current(),
      execute: () => build(current())
    });
    app.commands.addCommand(COMMANDS.check, {
      label: 'Check report',
      caption: 'report-nb check of the saved notebook, as the graders will count it',
      isEnabled: () => !!current(),
      execute: async () => {
        const result = await check(current());
        if (result) {
          await app.commands.execute(COMMANDS.panel);
        }
      }
    });
    app.commands.addCommand(COMMANDS.merge, {
      label: 'Merge README edits',
      caption: 'report-nb import --merge: bring hand edits of README.md into the notebook',
      isEnabled: () => !!current(),
      execute: () => merge(current())
    });
    if (palette) {
      for (const command of [COMMANDS.build, COMMANDS.check, COMMANDS.merge, COMMANDS.panel]) {
        palette.addItem({ command, category: 'Report' });
      }
    }
    if (statusBar) {
      statusBar.registerStatusItem('report-nb:status', {
        item: status,
        align: 'left',
        rank: 4,
        isActive: () => !!current(),
        activeStateChanged: active
      });
    }
    void labShell;
  }
};

function addToolbar(app: JupyterFrontEnd, panel: NotebookPanel): void {
  const buttons: [string, string][] = [
    ['report-nb-build', COMMANDS.build],
    ['report-nb-check', COMMANDS.check],
    ['report-nb-merge', COMMANDS.merge]
  ];
  buttons.forEach(([name, id], offset) => {
    const button = new CommandToolbarButton({ commands: app.commands, id, label: undefined });
    button.addClass(name);
    panel.toolbar.insertItem(10 + offset, name, button);
  });
}

/** Save the notebook first if it has unsaved changes: the commands act on the saved file. */
async function saved(controller: ReportController): Promise<string> {
  const context = controller.panel.context;
  if (context.model.dirty) {
    await context.save();
  }
  return context.path;
}

async function build(controller: ReportController | null): Promise<void> {
  if (!controller) {
    return;
  }
  const path = await saved(controller);
  const work = requestAPI<IBuildResult>('build', { path });
  Notification.promise(work as Promise<any>, {
    pending: { message: 'report-nb: building the report (running the notebook)…', options: {} },
    success: {
      message: (r: any) =>
        `report-nb: built ${r.readme} (${r.passed}/${r.total} pass; ` +
        `${r.written.length ? 'wrote ' + r.written.join(', ') : 'nothing changed'}` +
        `${r.cached ? ', cached outputs' : ''})` +
        (r.skipped.length ? `. ${r.skipped.join('; ')}` : ''),
      options: { autoClose: 8000 }
    },
    error: { message: (e: any) => `report-nb build: ${e.message}`, options: { autoClose: false } }
  });
  await work.catch(() => undefined);
}

async function check(controller: ReportController | null): Promise<ICheckResult | null> {
  if (!controller) {
    return null;
  }
  const path = await saved(controller);
  const work = requestAPI<ICheckResult>('check', { path });
  Notification.promise(work as Promise<any>, {
    pending: { message: 'report-nb: checking the saved report…', options: {} },
    success: {
      message: (r: any) => {
        const failing = r.questions.filter((q: any) => !q.ok).map((q: any) => `Q${q.number}`);
        return (
          `report-nb check: passed ${r.passed}/${r.total}` +
          (failing.length ? `; failing ${failing.join(', ')}` : '') +
          (r.rejected ? `; the official checker will reject it: ${r.rejected}` : '')
        );
      },
      options: { autoClose: 8000 }
    },
    error: { message: (e: any) => `report-nb check: ${e.message}`, options: { autoClose: false } }
  });
  void controller.analyse();
  return work.catch(() => null);
}

async function merge(controller: ReportController | null): Promise<void> {
  if (!controller) {
    return;
  }
  const context = controller.panel.context;
  const path = await saved(controller);
  const work = (async () => {
    const result = await requestAPI<IMergeResult>('merge', { path });
    // the merge rewrote the notebook on disk: reload it so no stale copy can save over it
    await context.revert();
    return result;
  })();
  Notification.promise(work as Promise<any>, {
    pending: { message: 'report-nb: merging the README edits into the notebook…', options: {} },
    success: {
      message: (r: any) => `report-nb: merged ${r.readme} into ${r.written.join(', ')} (reloaded)`,
      options: { autoClose: 6000 }
    },
    error: { message: (e: any) => `report-nb merge: ${e.message}`, options: { autoClose: false } }
  });
  await work.catch(() => undefined);
  void controller.analyse();
}

export default plugin;
