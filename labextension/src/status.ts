/**
 * The status bar item ``Report 26/31 ✓`` and the dashboard it opens: a summary, the failing
 * questions first, then the warnings grouped by question (see dashboard.ts), each one click from
 * its cell.
 */
import { Widget } from '@lumino/widgets';

import { ReportController } from './controller';
import { dashboard, IGroup } from './dashboard';
import { IAnalysis } from './protocol';

export class ReportStatus extends Widget {
  constructor(onClick: () => void) {
    super();
    this.id = 'report-nb-status';
    this.addClass('report-nb-status');
    this.node.title =
      'report-nb: questions whose grader counts meet the limits (click for the list)';
    this.node.addEventListener('click', onClick);
  }

  show_(result: IAnalysis | null): void {
    if (!result) {
      this.node.textContent = 'Report …';
      delete this.node.dataset.passed;
      delete this.node.dataset.total;
      return;
    }
    this.node.dataset.passed = String(result.passed);
    this.node.dataset.total = String(result.total);
    this.node.textContent = `Report ${result.passed}/${result.total} ${result.ok ? '✓' : '✗'}`;
    this.node.classList.toggle('report-nb-fail', !result.ok);
  }
}

export class ReportPanel extends Widget {
  constructor() {
    super();
    this.id = 'report-nb-panel';
    this.addClass('report-nb-panel');
    this.title.label = 'Report';
    this.title.caption = 'report-nb: failing questions and warnings';
    this.title.closable = true;
  }

  show_(controller: ReportController | null): void {
    this.node.textContent = '';
    const result = controller?.result;
    const heading = document.createElement('h3');
    this.node.appendChild(heading);
    if (!controller || !result) {
      heading.textContent = 'No report notebook is open';
      return;
    }
    const board = dashboard(result);
    heading.textContent = `Report (profile ${result.profile})`;
    const summary = document.createElement('p');
    summary.className = 'report-nb-summary';
    summary.textContent = board.summary;
    summary.dataset.passed = String(board.passed);
    summary.dataset.failing = String(board.failing);
    summary.dataset.warnings = String(board.warnings);
    this.node.appendChild(summary);
    if (!board.groups.length) {
      const fine = document.createElement('p');
      fine.textContent = 'Every question meets its limits and there are no warnings.';
      this.node.appendChild(fine);
    }
    for (const group of board.groups) {
      this.node.appendChild(groupNode(group, controller));
    }
  }
}

function groupNode(group: IGroup, controller: ReportController): HTMLElement {
  const section = document.createElement('section');
  section.className = 'report-nb-group' + (group.fail ? ' report-nb-fail' : '');
  const title = document.createElement('button');
  title.className = 'report-nb-group-title';
  title.textContent = group.title;
  section.appendChild(title);
  const list = document.createElement('ul');
  for (const entry of group.entries) {
    const item = document.createElement('li');
    item.textContent = entry.text;
    item.className = entry.fail ? 'report-nb-entry report-nb-fail' : 'report-nb-entry';
    list.appendChild(item);
  }
  section.appendChild(list);
  const question = group.question;
  if (question !== null) {
    section.dataset.question = String(question);
    section.onclick = () => void controller.reveal(question);
    title.title = `Go to question ${question}'s answer`;
  } else {
    title.disabled = true;
  }
  return section;
}
