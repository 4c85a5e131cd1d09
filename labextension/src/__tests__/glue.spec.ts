import { applyGlue, gluePattern } from '../glue';

// As the server sends it: report_nb.notebook.cells.PLACEHOLDER.pattern
const PATTERN = '(?<![$\\\\{])\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}';

function rendered(html: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = `<div class="jp-MarkdownOutput">${html}</div>`;
  return root;
}

describe('glue', () => {
  it('compiles the pattern the server sends, and refuses a broken one', () => {
    expect(gluePattern(PATTERN)).toBeInstanceOf(RegExp);
    expect(gluePattern('(')).toBeNull();
  });

  it('shows glued values and marks unresolved names', () => {
    const root = rendered('<p>Coverage {{ coverage }}% and {{missing}}.</p>');
    applyGlue(root, { coverage: '87.3' }, gluePattern(PATTERN) as RegExp);
    const spans = root.querySelectorAll<HTMLElement>('.report-nb-glue');
    expect(spans).toHaveLength(2);
    expect(spans[0].textContent).toBe('87.3');
    expect(spans[0].classList.contains('report-nb-unresolved')).toBe(false);
    expect(spans[1].textContent).toBe('{{ missing }}');
    expect(spans[1].classList.contains('report-nb-unresolved')).toBe(true);
    expect(root.textContent).toBe('Coverage 87.3% and {{ missing }}.');
  });

  it('leaves code, LaTeX-like and escaped braces alone, and updates spans in place', () => {
    const root = rendered('<p>${{x}}$ and <code>{{ coverage }}</code> and {{ coverage }}</p>');
    const pattern = gluePattern(PATTERN) as RegExp;
    applyGlue(root, {}, pattern);
    expect(root.querySelectorAll('.report-nb-glue')).toHaveLength(1);
    applyGlue(root, { coverage: '90' }, pattern);
    expect(root.querySelector('.report-nb-glue')?.textContent).toBe('90');
    expect(root.querySelector('code')?.textContent).toBe('{{ coverage }}');
  });
});
