/**
 * The panel's content as data: a summary, the failing questions first, then the warnings grouped
 * by question, then the report-wide warnings. Pure, so that the order is unit-tested.
 */
import { IAnalysis } from './protocol';

export interface IEntry {
  text: string;
  fail: boolean;
}

export interface IGroup {
  /** The question the entries belong to (null: the whole report). */
  question: number | null;
  title: string;
  fail: boolean;
  entries: IEntry[];
}

export interface IDashboard {
  summary: string;
  passed: number;
  total: number;
  failing: number;
  warnings: number;
  groups: IGroup[];
}

export function dashboard(result: IAnalysis): IDashboard {
  const failing: IGroup[] = [];
  const warned: IGroup[] = [];
  let warnings = result.warnings.length;
  for (const q of result.questions) {
    const notes: IEntry[] = [
      ...q.warnings.map(w => ({ text: w.message, fail: false })),
      ...q.unresolved.map(n => ({ text: `{{ ${n} }} has no glued value yet`, fail: false }))
    ];
    warnings += notes.length;
    const problems = q.problems.map(p => ({ text: p, fail: true }));
    if (!q.ok || notes.length) {
      const group = {
        question: q.number,
        title: q.label,
        fail: !q.ok,
        entries: [...problems, ...notes]
      };
      (q.ok ? warned : failing).push(group);
    }
  }
  const general: IGroup[] = [];
  if (result.rejected || result.warnings.length) {
    const entries = result.warnings.map(w => ({ text: w.message, fail: false }));
    if (result.rejected) {
      entries.unshift({
        text: `The official checker will reject this file: ${result.rejected}`,
        fail: true
      });
    }
    general.push({ question: null, title: 'The whole report', fail: !!result.rejected, entries });
  }
  const summary =
    `${result.passed}/${result.total} questions pass` +
    (failing.length ? ` · ${failing.length} failing` : '') +
    (warnings ? ` · ${warnings} warning${warnings === 1 ? '' : 's'}` : '');
  return {
    summary,
    passed: result.passed,
    total: result.total,
    failing: failing.length,
    warnings,
    groups: [...general.filter(g => g.fail), ...failing, ...warned, ...general.filter(g => !g.fail)]
  };
}
