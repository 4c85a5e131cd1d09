/** The badge under a question's last answer cell: its counts, limits and notes. */
import { IQuestion } from './protocol';

/** Every note of a question: its problems, its warnings, its unresolved placeholders. */
export function questionNotes(question: IQuestion): string[] {
  return [
    ...question.problems,
    ...question.warnings.map(w => w.message),
    ...question.unresolved.map(n => `{{ ${n} }} has no glued value yet`)
  ];
}

/** Fill a badge's node: its data attributes (read by tests), label and note list. */
export function fillBadge(node: HTMLElement, question: IQuestion): void {
  node.dataset.reportNbQuestion = String(question.number);
  node.dataset.words = String(question.words);
  node.dataset.images = String(question.images);
  node.dataset.ok = String(question.ok);
  node.classList.toggle('report-nb-fail', !question.ok);
  const notes = questionNotes(question);
  node.title = notes.join('\n');
  node.textContent = '';
  const doc = node.ownerDocument;
  const label = doc.createElement('span');
  label.className = 'report-nb-badge-label';
  label.textContent = question.label + (notes.length ? `  ⚠ ${notes.length}` : '');
  node.appendChild(label);
  if (!notes.length) {
    return;
  }
  const details = doc.createElement('ul');
  details.className = 'report-nb-badge-notes';
  for (const note of notes) {
    const item = doc.createElement('li');
    item.textContent = note;
    details.appendChild(item);
  }
  node.appendChild(details);
  label.onclick = () => node.classList.toggle('report-nb-open');
}
