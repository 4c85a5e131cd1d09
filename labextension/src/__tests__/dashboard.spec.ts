import { badgeFixture } from './fixtures';
import { dashboard } from '../dashboard';
import { fillBadge } from '../badge';
import { IAnalysis } from '../protocol';

function analysis(): IAnalysis {
  const ok = badgeFixture(1, true);
  const warned = {
    ...badgeFixture(2, true),
    warnings: [{ question: 2, line: 9, message: 'a link to http://x' }]
  };
  const failing = { ...badgeFixture(3, false), problems: ['12 words, needs 50-100'] };
  return {
    profile: '2026',
    passed: 2,
    total: 3,
    ok: false,
    rejected: null,
    questions: [ok, warned, failing],
    warnings: [{ question: null, line: null, message: 'the checklist has 2 unticked items' }],
    glue: {},
    glue_pattern: '',
    unresolved: [],
    placeholders: [],
    locked_kinds: ['prompt'],
    kinds: []
  };
}

describe('dashboard', () => {
  it('puts a summary first, failing questions before warnings, grouped by question', () => {
    const board = dashboard(analysis());
    expect(board.summary).toBe('2/3 questions pass · 1 failing · 2 warnings');
    expect(board.groups.map(g => g.question)).toEqual([3, 2, null]);
    expect(board.groups[0].fail).toBe(true);
    expect(board.groups[0].entries[0].text).toContain('needs 50-100');
  });

  it('puts a rejected file before everything', () => {
    const board = dashboard({ ...analysis(), rejected: 'no questions found' });
    expect(board.groups[0].question).toBeNull();
    expect(board.groups[0].entries[0].text).toContain('reject');
  });
});

describe('fillBadge', () => {
  it('writes the counts for the tests and lists every note', () => {
    const node = document.createElement('div');
    const question = {
      ...badgeFixture(4, false),
      problems: ['too short'],
      unresolved: ['coverage']
    };
    fillBadge(node, question);
    expect(node.dataset.reportNbQuestion).toBe('4');
    expect(node.dataset.ok).toBe('false');
    expect(node.classList.contains('report-nb-fail')).toBe(true);
    expect([...node.querySelectorAll('li')].map(li => li.textContent)).toEqual([
      'too short',
      '{{ coverage }} has no glued value yet'
    ]);
    fillBadge(node, badgeFixture(4, true));
    expect(node.querySelectorAll('li')).toHaveLength(0);
    expect(node.classList.contains('report-nb-fail')).toBe(false);
  });
});
