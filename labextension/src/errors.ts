/**
 * A refusal from the server, whole: the one line, each problem and the command that resolves it.
 * JupyterLab's toasts cut text at 140 characters, so the commands show the first line there and
 * every problem in a dialog behind a "Details" action.
 */
import { IErrorAnswer } from './protocol';

export class ReportError extends Error {
  constructor(answer: IErrorAnswer) {
    super(answer.error);
    this.name = 'ReportError';
    this.answer = answer;
  }

  readonly answer: IErrorAnswer;

  /** Every line worth reading: the message, each problem, then the remedy. */
  get details(): string[] {
    const lines = [this.answer.message || this.answer.error];
    lines.push(...(this.answer.problems ?? []));
    if (this.answer.hint) {
      lines.push(`To fix it: ${this.answer.hint}`);
    }
    return lines;
  }
}

/** The answer's JSON, or a ReportError for a refusal (or for an answer that is not JSON). */
export function parseAnswer<T>(text: string, ok: boolean, statusText: string): T {
  let data: unknown = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { error: text.split('\n')[0] || statusText };
  }
  if (!ok) {
    throw new ReportError(errorAnswer(data, statusText));
  }
  return data as T;
}

/** Our handlers answer ``{error}``; Jupyter's own refusals (403, 404) answer ``{message}``. */
function errorAnswer(data: unknown, statusText: string): IErrorAnswer {
  const fields = (typeof data === 'object' && data !== null ? data : {}) as {
    [key: string]: unknown;
  };
  if (typeof fields.error === 'string') {
    return fields as unknown as IErrorAnswer;
  }
  if (typeof fields.message === 'string' && fields.message) {
    return { error: fields.message };
  }
  return { error: statusText || 'the request failed' };
}
