/**
 * report-nb in JupyterLab: the plugin that wires the parts together. One ReportController per
 * report notebook (controller.ts), the commands (commands.ts) in the palette, the notebook
 * toolbar and the Report menu (schema/plugin.json, with the shortcuts), and the status bar item
 * with its dashboard (status.ts).
 */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IStatusBar } from '@jupyterlab/statusbar';
import { CommandToolbarButton } from '@jupyterlab/ui-components';
import { Signal } from '@lumino/signaling';

import { requestAPI } from './api';
import { build, check, merge, undoMerge } from './commands';
import { ReportController } from './controller';
import { HandinPanel } from './handin';
import { Notices } from './notices';
import { ReportPanel, ReportStatus } from './status';

const COMMANDS = {
  build: 'report-nb:build',
  cancel: 'report-nb:cancel-build',
  check: 'report-nb:check',
  merge: 'report-nb:merge',
  undoMerge: 'report-nb:undo-merge',
  panel: 'report-nb:show-panel',
  handin: 'report-nb:show-handin'
};

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'report-nb:plugin',
  description: 'report-nb: the MLOps report notebook with live grader counts.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, IStatusBar],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null
  ) => {
    const controllers = new WeakMap<NotebookPanel, ReportController>();
    const notices = new Notices();
    const panel = new ReportPanel();
    const current = (): ReportController | null => {
      const widget = tracker.currentWidget;
      return (widget && controllers.get(widget)) || null;
    };
    const handin = new HandinPanel(current);
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
        const controller = new ReportController(nbPanel, notices);
        controllers.set(nbPanel, controller);
        controller.changed.connect(() => {
          if (tracker.currentWidget === nbPanel) {
            refresh();
            handin.schedule();
          }
        });
        addToolbar(app, nbPanel);
        refresh();
      });
    });
    tracker.currentChanged.connect(() => {
      refresh();
      handin.schedule();
    });
    tracker.activeCellChanged.connect(() => handin.render());
    addCommands(app, current, panel);
    app.commands.addCommand(COMMANDS.handin, {
      label: 'Show Hand-in Beside the Answer',
      caption: "the current answer as the course's hand-in page (or GitHub) shows it, live",
      execute: () => {
        if (!handin.isAttached) {
          app.shell.add(handin, 'right', { rank: 901 });
        }
        app.shell.activateById(handin.id);
        handin.render();
        handin.schedule();
      }
    });
    if (palette) {
      for (const command of Object.values(COMMANDS)) {
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
  }
};

function addCommands(
  app: JupyterFrontEnd,
  current: () => ReportController | null,
  panel: ReportPanel
): void {
  app.commands.addCommand(COMMANDS.panel, {
    label: 'Show Report Status',
    execute: () => {
      if (!panel.isAttached) {
        app.shell.add(panel, 'right', { rank: 900 });
      }
      panel.show_(current());
      app.shell.activateById(panel.id);
    }
  });
  app.commands.addCommand(COMMANDS.build, {
    label: 'Build Report',
    caption: 'report-nb build: run the saved notebook, write README.md, figures/, report.html',
    isEnabled: () => !!current(),
    execute: () => build(current())
  });
  app.commands.addCommand(COMMANDS.cancel, {
    label: 'Cancel Build',
    caption: "interrupt the running build of this notebook's folder",
    isEnabled: () => !!current(),
    execute: async () => {
      const controller = current();
      if (controller) {
        await requestAPI('build/cancel', { path: controller.panel.context.path });
      }
    }
  });
  app.commands.addCommand(COMMANDS.check, {
    label: 'Check Report',
    caption: 'report-nb check of the saved notebook, as the graders will count it',
    isEnabled: () => !!current(),
    execute: async () => {
      if (await check(current())) {
        await app.commands.execute(COMMANDS.panel);
      }
    }
  });
  app.commands.addCommand(COMMANDS.merge, {
    label: 'Merge README Edits',
    caption: 'report-nb import --merge: bring hand edits of README.md into the notebook',
    isEnabled: () => !!current(),
    execute: () => merge(current())
  });
  app.commands.addCommand(COMMANDS.undoMerge, {
    label: 'Undo Last Merge',
    caption: 'report-nb import --undo-merge: the notebook as it was before the last merge',
    isEnabled: () => !!current(),
    execute: () => undoMerge(current())
  });
}

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

export default plugin;
