import { decorateChecklist, itemKey, markerFor, matchItems } from '../checklist';
import { IAuditItem } from '../protocol';

function item(text: string, evidence: string, paths: string[] = [], ticked = true): IAuditItem {
  const verdict = ticked && evidence === 'absent' ? 'warning' : null;
  return {
    line: 1,
    text,
    tick: ticked ? 'x' : ' ',
    ticked,
    evidence,
    paths,
    reason: 'r',
    rule: null,
    verdict
  };
}

describe('checklist', () => {
  it('keys items by text without tick, code marks or case', () => {
    expect(itemKey('* [X] Keep `pyproject.toml`  in sync')).toBe('keep pyproject.toml in sync');
    expect(itemKey('Keep pyproject.toml in sync')).toBe('keep pyproject.toml in sync');
  });

  it('matches rendered items to the server items by text, each used once', () => {
    const items = [
      item('Write `Dockerfiles`', 'present', ['Dockerfile']),
      item('Same', 'absent'),
      item('Same', 'present')
    ];
    const matched = matchItems(
      ['Same', 'An item the README lacks', 'Write Dockerfiles', 'Same', 'Same'],
      items
    );
    expect(matched.map(m => m?.evidence ?? null)).toEqual([
      'absent',
      null,
      'present',
      'present',
      null
    ]);
    expect(matched[2]?.paths).toEqual(['Dockerfile']);
  });

  it('shows evidence, its absence, and a hint to tick', () => {
    expect(markerFor(item('a', 'present', ['Dockerfile']), true)).toMatchObject({
      kind: 'present',
      text: '✓ Dockerfile'
    });
    expect(markerFor(item('a', 'absent'), true)).toMatchObject({
      kind: 'absent',
      text: '⚠ no evidence found'
    });
    expect(markerFor(item('a', 'present', ['tests/t.py']), false).text).toBe(
      'you may tick this: tests/t.py'
    );
    expect(markerFor(item('a', 'absent'), false).text).toBe('');
    expect(markerFor(item('a', 'not-checkable'), true).text).toBe('');
  });

  it('decorates rendered items once, and updates them in place', () => {
    const root = document.createElement('div');
    root.innerHTML =
      '<div class="jp-RenderedMarkdown"><ul><li><input type="checkbox" checked> Docker</li>' +
      '<li><input type="checkbox" checked> Pre-commit</li></ul></div>';
    decorateChecklist(root, [
      item('Docker', 'present', ['Dockerfile']),
      item('Pre-commit', 'absent')
    ]);
    decorateChecklist(root, [
      item('Docker', 'present', ['Dockerfile']),
      item('Pre-commit', 'absent')
    ]);
    const spans = Array.from(root.querySelectorAll('.report-nb-evidence'));
    expect(spans.map(s => s.textContent)).toEqual(['✓ Dockerfile', '⚠ no evidence found']);
    decorateChecklist(root, [
      item('Docker', 'present', ['Dockerfile']),
      item('Pre-commit', 'present', ['.pre-commit-config.yaml'])
    ]);
    expect(root.querySelectorAll('.report-nb-evidence')[1].textContent).toBe(
      '✓ .pre-commit-config.yaml'
    );
  });
});
