import { parseAnswer, ReportError } from '../errors';

describe('parseAnswer', () => {
  it('returns the JSON of a success', () => {
    expect(parseAnswer<{ passed: number }>('{"passed": 3}', true, 'OK')).toEqual({ passed: 3 });
  });

  it('keeps every problem and the remedy of a refusal', () => {
    const body = JSON.stringify({
      error: 'README.md: 2 questions fail (run report-nb check)',
      message: '2 questions fail',
      problems: ['question 4: 12 words', 'question 9: no image'],
      hint: 'run report-nb check'
    });
    let error: ReportError | null = null;
    try {
      parseAnswer(body, false, 'Bad Request');
    } catch (caught) {
      error = caught as ReportError;
    }
    expect(error).toBeInstanceOf(ReportError);
    expect(error?.message).toBe('README.md: 2 questions fail (run report-nb check)');
    expect(error?.details).toEqual([
      '2 questions fail',
      'question 4: 12 words',
      'question 9: no image',
      'To fix it: run report-nb check'
    ]);
  });

  it("reads Jupyter's own refusals and answers that are not JSON", () => {
    expect(() => parseAnswer('{"message": "Forbidden", "reason": null}', false, '')).toThrow(
      'Forbidden'
    );
    expect(() => parseAnswer('<html>oops</html>\nmore', false, 'Bad Gateway')).toThrow(
      '<html>oops</html>'
    );
    expect(() => parseAnswer('', false, 'Bad Gateway')).toThrow('Bad Gateway');
  });
});
