import { IOrderedCell, lockedKeyAction, misplaced, restoringMoves, sameCells } from '../guard';

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods
});

describe('lockedKeyAction', () => {
  it('says why typing does nothing in edit mode', () => {
    expect(lockedKeyAction(key('a'), 'edit', false)).toBe('notify');
    expect(lockedKeyAction(key('Enter'), 'edit', false)).toBe('notify');
    expect(lockedKeyAction(key('ArrowDown'), 'edit', false)).toBe('none');
  });

  it('blocks Enter, and typed shortcuts after an attempt to edit, in command mode', () => {
    expect(lockedKeyAction(key('Enter'), 'command', false)).toBe('block');
    expect(lockedKeyAction(key('a'), 'command', false)).toBe('none');
    expect(lockedKeyAction(key('a'), 'command', true)).toBe('block');
    expect(lockedKeyAction(key('s', { ctrlKey: true }), 'command', true)).toBe('none');
  });
});

function cells(spec: string): IOrderedCell[] {
  // "P1 A1 C P2 A2": prompt 1, answer 1, a free code cell, prompt 2, answer 2
  return spec.split(' ').map(token => {
    const kind = token[0] === 'P' ? 'prompt' : token[0] === 'A' ? 'answer' : undefined;
    const question = kind ? Number(token.slice(1)) : undefined;
    return { id: token, info: { kind, question }, locked: kind === 'prompt' };
  });
}

describe('misplaced', () => {
  const order = ['P1', 'A1', 'P2', 'A2'];

  it('accepts the template order and free cells anywhere', () => {
    expect(misplaced(cells('P1 A1 C P2 A2'), order)).toBeNull();
    expect(misplaced(cells('C P1 A1 P2 C A2'), order)).toBeNull();
  });

  it('names a prompt moved below its answer, or an answer moved above its prompt', () => {
    expect(misplaced(cells('A1 P1 P2 A2'), order)?.id).toBe('A1');
    expect(misplaced(cells('P1 P2 A1 A2'), order)?.id).toBe('A1');
    expect(misplaced(cells('P2 A2 P1 A1'), order)?.id).toBe('P2');
  });
});

describe('restoringMoves', () => {
  it('brings any reordering back', () => {
    const before = ['a', 'b', 'c', 'd', 'e'];
    for (const current of [
      ['b', 'a', 'c', 'd', 'e'],
      ['e', 'd', 'c', 'b', 'a'],
      ['c', 'd', 'a', 'b', 'e']
    ]) {
      const order = [...current];
      for (const [from, to] of restoringMoves(current, before)) {
        order.splice(to, 0, ...order.splice(from, 1));
      }
      expect(order).toEqual(before);
    }
    expect(restoringMoves(before, before)).toEqual([]);
  });

  it('tells a reordering from an insertion', () => {
    expect(sameCells(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameCells(['a', 'b'], ['a', 'b', 'c'])).toBe(false);
  });
});
