/**
 * The server extension's endpoints (report_nb/lab/handlers.py) and the JSON they answer.
 *
 * The browser never counts: every number shown comes from report-nb's Python pipeline.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

export interface IFinding {
  question: number | null;
  line: number | null;
  message: string;
}

export interface IQuestion {
  number: number;
  line: number;
  words: number;
  images: number;
  limits: { words: number[] | null; images: number[] | null };
  ok: boolean;
  problems: string[];
  label: string;
  warnings: IFinding[];
  unresolved: string[];
  cell: number | null;
  cell_id: string | null;
}

export interface IAnalysis {
  profile: string;
  passed: number;
  total: number;
  ok: boolean;
  rejected: string | null;
  questions: IQuestion[];
  warnings: IFinding[];
  glue: { [name: string]: string };
  unresolved: string[];
  placeholders: string[];
  locked_kinds: string[];
  kinds: (string | null)[];
}

export interface IBuildResult {
  readme: string;
  written: string[];
  removed: string[];
  skipped: string[];
  executed: boolean;
  cached: boolean;
  passed: number;
  total: number;
}

export interface ICheckResult {
  passed: number;
  total: number;
  rejected: string | null;
  questions: { number: number; ok: boolean; problems: string[] }[];
  warnings: IFinding[];
}

export interface IMergeResult {
  readme: string;
  written: string[];
}

/** POST ``body`` to ``/report-nb/<endpoint>``; a failure rejects with the server's one line. */
export async function requestAPI<T>(endpoint: string, body: unknown): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, 'report-nb', endpoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      url,
      { method: 'POST', body: JSON.stringify(body) },
      settings
    );
  } catch (error) {
    throw new Error(`report-nb: the server cannot be reached (${error})`);
  }
  const text = await response.text();
  let data: any = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { error: text.split('\n')[0] };
  }
  if (!response.ok) {
    throw new Error(data.error || data.message || response.statusText);
  }
  return data as T;
}
