/**
 * The status bar item ``Report 26/31 ✓`` and the panel it opens: failing questions and
 * warnings, each entry jumping to its cell.
 */
import { Widget } from '@lumino/widgets';

import { IAnalysis } from './api';
import { ReportController } from './controller';

export class ReportStatus extends Widget {
  constructor(onClick: () => void) {
    super();
    this.id = 'report-nb-status';
    this.addClass('report-nb-status');
    this.node.title = 'report-nb: questions whose grader counts meet the limits (click for the list)';
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
    heading.textContent = `Report ${result.passed}/${result.total} (profile ${result.profile})`;
    const list = document.createElement('ul');
    const add = (text: string, question: number | null, fail: boolean): void => {
      const item = document.createElement('li');
      item.textContent = text;
      item.className = fail ? 'report-nb-entry report-nb-fail' : 'report-nb-entry';
      if (question !== null) {
        item.dataset.question = String(question);
        item.onclick = () => void controller.reveal(question);
      }
      list.appendChild(item);
    };
    if (result.rejected) {
      add(`The official checker will reject this file: ${result.rejected}`, null, true);
    }
    result.warnings.forEach(w => add(w.message, null, false));
    for (const q of result.questions) {
      if (!q.ok) {
        add(`${q.label}: ${q.problems.join('; ')}`, q.number, true);
      }
      q.warnings.forEach(w => add(`Q${q.number}: ${w.message}`, q.number, false));
      q.unresolved.forEach(n => add(`Q${q.number}: {{ ${n} }} has no glued value`, q.number, false));
    }
    if (!list.childElementCount) {
      add('Every question meets its limits and there are no warnings.', null, false);
    }
    this.node.appendChild(list);
  }
}
