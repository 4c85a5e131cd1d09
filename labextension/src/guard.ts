/**
 * What the locks refuse, as pure decisions on plain data (the controller applies them):
 * keys typed into a locked cell, and moves that would put a prompt against its answer.
 */
import { ICellInfo } from './protocol';

/** The keys of a KeyboardEvent that matter here. */
export interface IKeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * A key on a locked cell. In edit mode its editor is read-only: say why nothing happens. In
 * command mode, after an attempt to edit it (``guarded``: a double-click or Enter), typed
 * characters would run notebook shortcuts ("a" inserts a cell, "y" makes it code): block them.
 */
export function lockedKeyAction(
  press: IKeyPress,
  mode: 'edit' | 'command',
  guarded: boolean
): 'none' | 'notify' | 'block' {
  if (press.ctrlKey || press.metaKey || press.altKey) {
    return 'none';
  }
  const typed = press.key.length === 1 || press.key === 'Backspace' || press.key === 'Delete';
  if (mode === 'edit') {
    return typed || press.key === 'Enter' ? 'notify' : 'none';
  }
  if (press.key === 'Enter' || (typed && guarded)) {
    return 'block';
  }
  return 'none';
}

/** One cell as the order rule sees it. */
export interface IOrderedCell {
  id: string;
  info: ICellInfo;
  locked: boolean;
}

/**
 * The first cell that stands where it may not: a locked cell out of its original order, or an
 * answer that is not below its own question's prompt. Null when the order holds.
 * ``lockedOrder`` is the ids of the locked cells in the order import wrote them.
 */
export function misplaced(cells: IOrderedCell[], lockedOrder: string[]): IOrderedCell | null {
  const locked = cells.filter(c => c.locked);
  const expected = lockedOrder.filter(id => locked.some(c => c.id === id));
  for (let i = 0; i < locked.length; i++) {
    if (locked[i].id !== expected[i]) {
      return locked[i];
    }
  }
  let prompt: number | undefined = undefined;
  for (const cell of cells) {
    if (cell.info.kind === 'prompt') {
      prompt = cell.info.question;
    } else if (cell.info.kind === 'answer' && cell.info.question !== prompt) {
      return cell;
    }
  }
  return null;
}

/**
 * Moves that bring the cells back to ``before`` (same ids, another order): each as
 * ``[from, to]`` for the notebook's moveCell, applied in sequence.
 */
export function restoringMoves(current: string[], before: string[]): [number, number][] {
  const order = [...current];
  const moves: [number, number][] = [];
  before.forEach((id, target) => {
    const from = order.indexOf(id);
    if (from !== target && from >= 0) {
      order.splice(target, 0, ...order.splice(from, 1));
      moves.push([from, target]);
    }
  });
  return moves;
}

/** True when ``a`` and ``b`` hold the same ids (in any order). */
export function sameCells(a: string[], b: string[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  const set = new Set(a);
  return b.every(id => set.has(id));
}
