/**
 * HTTP to the server extension's endpoints (report_nb/lab/handlers.py), all under
 * ``/report-nb/``. The browser never counts: every number shown comes from report-nb's Python.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { parseAnswer, ReportError } from './errors';

/** Send ``body`` as JSON to ``/report-nb/<endpoint>``; a refusal rejects with a ReportError. */
export async function requestAPI<T>(endpoint: string, body: unknown): Promise<T> {
  return send<T>(endpoint, { method: 'POST', body: JSON.stringify(body) });
}

/** ``GET /report-nb/<endpoint>?<query>``. */
export async function getAPI<T>(endpoint: string, query: { [key: string]: string }): Promise<T> {
  return send<T>(endpoint + URLExt.objectToQueryString(query), { method: 'GET' });
}

async function send<T>(endpoint: string, init: RequestInit): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, 'report-nb', endpoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ReportError({ error: `the server cannot be reached (${String(error)})` });
  }
  return parseAnswer<T>(await response.text(), response.ok, response.statusText);
}
