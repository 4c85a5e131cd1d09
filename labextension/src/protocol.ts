/**
 * The JSON the server extension answers, endpoint by endpoint.
 *
 * The same shapes are declared for the Python side in report_nb/lab/protocol.py (TypedDicts):
 * change both together.
 */

/** A warning or a problem, placed at its question and line when it has them. */
export interface IFinding {
  question: number | null;
  line: number | null;
  message: string;
}

/** ``[low, high]`` bounds of a question's words and images (null: no limit). */
export interface ILimits {
  words: number[] | null;
  images: number[] | null;
}

/** One question of ``report-nb check --format json``. */
export interface ICheckedQuestion {
  number: number;
  line: number;
  words: number;
  images: number;
  limits: ILimits;
  ok: boolean;
  problems: string[];
  written: { words: number; images: number };
}

/** One question as the badges show it: the check's counts, its badge text and its cell. */
export interface IQuestion extends ICheckedQuestion {
  label: string;
  warnings: IFinding[];
  unresolved: string[];
  cell: number | null;
  cell_id: string | null;
}

/** ``POST /report-nb/analyse``: the check of the unsaved notebook. */
export interface IAnalysis {
  profile: string;
  passed: number;
  total: number;
  ok: boolean;
  rejected: string | null;
  questions: IQuestion[];
  warnings: IFinding[];
  glue: { [name: string]: string };
  /** The ``{{ name }}`` placeholder pattern (a JavaScript-compatible regular expression). */
  glue_pattern: string;
  unresolved: string[];
  placeholders: string[];
  locked_kinds: string[];
  kinds: (string | null)[];
}

/** ``POST /report-nb/check``: ``report-nb check --format json`` of the saved notebook. */
export interface ICheckResult {
  path: string;
  profile: string;
  passed: number;
  total: number;
  rejected: string | null;
  questions: ICheckedQuestion[];
  warnings: IFinding[];
}

/** ``POST /report-nb/build``: the files a build wrote and its check's totals. */
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

/** ``GET /report-nb/build?path=``: what a running build of that notebook is doing. */
export interface IBuildProgress {
  running: boolean;
  label: string;
  done: number;
  total: number;
  cancelled: boolean;
}

/** ``POST /report-nb/merge``: the questions merged from the README and the files written. */
export interface IMergeResult {
  readme: string;
  merged: number[];
  written: string[];
}

/** Every refusal (4xx): one line, and its parts when the server has them. */
export interface IErrorAnswer {
  error: string;
  message?: string;
  hint?: string | null;
  problems?: string[];
}

/** The metadata ``report-nb import`` writes on each cell (``cell.metadata.report_nb``). */
export interface ICellInfo {
  kind?: string;
  question?: number;
}

/** One question's answer as the hand-in page and as GitHub show it (sanitised HTML). */
export interface IHandinQuestion {
  number: number;
  handin: string;
  github: string;
}

/** ``POST /report-nb/handin``: every question, and the whole hand-in page. */
export interface IHandinView {
  questions: IHandinQuestion[];
  page: string;
}

/** One checklist item of ``POST /report-nb/audit``: its tick and the repository's evidence. */
export interface IAuditItem {
  line: number;
  text: string;
  tick: string;
  ticked: boolean;
  evidence: 'present' | 'absent' | 'not-checkable' | string;
  paths: string[];
  reason: string;
  rule: string | null;
  verdict: 'warning' | 'hint' | null;
}

/** ``POST /report-nb/audit``: the README's checklist against the repository around it. */
export interface IAuditAnswer {
  items: IAuditItem[];
  repo: string | null;
}
