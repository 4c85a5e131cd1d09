import { IQuestion } from '../protocol';

/** A question as the server answers it, with no notes. */
export function badgeFixture(number: number, ok: boolean): IQuestion {
  return {
    number,
    line: number * 10,
    words: 80,
    images: 0,
    limits: { words: [50, 100], images: null },
    ok,
    problems: [],
    written: { words: 80, images: 0 },
    label: `Q${number} · 80 words (50-100) ${ok ? '✓' : '✗'}`,
    warnings: [],
    unresolved: [],
    cell: number * 2,
    cell_id: `c${number}`
  };
}
