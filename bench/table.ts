// The issue's table: every row the bench must print, with the figure before
// the work ("today") and the target, and how a measured row is shown next to
// them, with its ratio to GET /healthz from the same run.

export type RowId =
  | 'healthz'
  | 'me'
  | 'list'
  | 'search'
  | 'get'
  | 'download'
  | 'uploads'
  | 'complete'
  | 'event'
  | 'delete'
  | 'purge';

/** What a benchmark measured for one row; which fields are set depends on the row. */
export interface Measurement {
  /** Requests (or uploads) per second. */
  rate?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** For the purge: seconds from the timer to no row left. */
  seconds?: number;
  /** The run could not finish (the purge timed out): what is known. */
  incomplete?: string;
  /** Requests that failed or answered an error: a row with any has missed its target. */
  errors?: number;
  /** How this run differs from the row's label (a smaller count under BENCH_SMOKE). */
  note?: string;
}

export interface IssueRow {
  id: RowId;
  label: string;
  today: string;
  target: string;
  rateUnit?: string;
  /** Undefined when the target cannot be judged from the measurement. */
  met(m: Measurement): boolean | undefined;
}

const atLeast = (value: number | undefined, floor: number) =>
  value === undefined ? undefined : value >= floor;
const atMost = (value: number | undefined, ceiling: number) =>
  value === undefined ? undefined : value <= ceiling;
const both = (a: boolean | undefined, b: boolean | undefined) =>
  a === undefined || b === undefined ? undefined : a && b;

export const ISSUE_ROWS: readonly IssueRow[] = [
  {
    id: 'healthz',
    label: 'GET /healthz',
    today: '8,900 req/s',
    target: '≥ 20,000 req/s',
    met: (m) => atLeast(m.rate, 20_000),
  },
  {
    id: 'me',
    label: 'GET /v1/me',
    today: '200 req/s, p50 77 ms',
    target: '≥ 3,000 req/s',
    met: (m) => atLeast(m.rate, 3000),
  },
  {
    id: 'list',
    label: 'GET /v1/files?limit=50 (10,000 files)',
    today: '420 req/s, p50 36 ms',
    target: '≥ 3,000 req/s, p99 ≤ 20 ms',
    met: (m) => both(atLeast(m.rate, 3000), atMost(m.p99Ms, 20)),
  },
  {
    id: 'search',
    label: 'GET /v1/files?limit=50&q=… (name search)',
    today: '320 req/s',
    target: '≥ 2,000 req/s',
    met: (m) => atLeast(m.rate, 2000),
  },
  {
    id: 'get',
    label: 'GET /v1/files/{id}',
    today: '660 req/s',
    target: '≥ 4,000 req/s',
    met: (m) => atLeast(m.rate, 4000),
  },
  {
    id: 'download',
    label: 'GET /v1/files/{id}/download?redirect=false',
    today: '310 req/s',
    target: '≥ 4,000 req/s',
    met: (m) => atLeast(m.rate, 4000),
  },
  {
    id: 'uploads',
    label: 'create upload + PUT + complete, 1-byte files, 16 concurrent',
    today: '12.8 uploads/s',
    target: '≥ 150 uploads/s',
    rateUnit: 'uploads/s',
    met: (m) => atLeast(m.rate, 150),
  },
  {
    id: 'complete',
    label: 'complete path: PUT end → 200 ready',
    today: 'p50 226 ms, p99 265 ms',
    target: 'p50 ≤ 40 ms, p99 ≤ 150 ms',
    met: (m) => both(atMost(m.p50Ms, 40), atMost(m.p99Ms, 150)),
  },
  {
    id: 'event',
    label: 'event path: PUT end → file ready, no complete call',
    today: 'p50 2,965 ms, p99 2,993 ms',
    target: 'p50 ≤ 300 ms, p99 ≤ 1 s',
    met: (m) => both(atMost(m.p50Ms, 300), atMost(m.p99Ms, 1000)),
  },
  {
    id: 'delete',
    label: 'DELETE /v1/files/{id} while a purge runs',
    today: '43 req/s',
    target: '≥ 1,000 req/s',
    met: (m) => atLeast(m.rate, 1000),
  },
  {
    id: 'purge',
    label: 'purge of 10,000 trashed files',
    today: '166 s after the timer',
    target: '≤ 30 s',
    met: (m) => (m.incomplete ? false : atMost(m.seconds, 30)),
  },
];

const grouped = (value: number, digits: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "3,210 req/s, p50 4.1 ms, p99 12.0 ms" or "25.3 s". */
export function formatMeasurement(row: IssueRow, m: Measurement | undefined): string {
  if (!m) return 'not measured';
  if (m.incomplete) return m.incomplete;
  const parts: string[] = [];
  if (m.rate !== undefined) parts.push(`${grouped(m.rate, m.rate < 100 ? 1 : 0)} ${row.rateUnit ?? 'req/s'}`);
  if (m.p50Ms !== undefined) parts.push(`p50 ${grouped(m.p50Ms, 1)} ms`);
  if (m.p99Ms !== undefined) parts.push(`p99 ${grouped(m.p99Ms, 1)} ms`);
  if (m.seconds !== undefined) parts.push(`${grouped(m.seconds, 1)} s after the timer`);
  if (m.errors) parts.push(`${grouped(m.errors, 0)} failed`);
  if (m.note) parts.push(m.note);
  return parts.join(', ');
}

/** Two significant digits, however small: 0.013, 0.00032. */
const ratio = (value: number): string => value.toPrecision(2);

/**
 * The row against /healthz from the same run (same generator, same
 * concurrency): for a rate, rate / healthz rate; for a latency-only row,
 * healthz p50 / row p50. Both read "1.0 = as fast as /healthz". The purge
 * (seconds for a batch) has no meaningful ratio.
 */
export function ratioToHealthz(m: Measurement | undefined, healthz: Measurement | undefined): string {
  if (!m || !healthz || m.incomplete) return '—';
  if (m.rate !== undefined && healthz.rate) return `${ratio(m.rate / healthz.rate)} (rate)`;
  if (m.p50Ms !== undefined && healthz.p50Ms !== undefined && m.p50Ms > 0)
    return `${ratio(healthz.p50Ms / m.p50Ms)} (p50)`;
  return '—';
}

export function verdict(row: IssueRow, m: Measurement | undefined): string {
  if (!m) return '';
  const met = m.errors ? false : row.met(m);
  return met === undefined ? '?' : met ? 'met' : 'missed';
}

/** The summary table, as Markdown (it is pasted into bench/README.md as is). */
export function issueTable(measured: ReadonlyMap<RowId, Measurement>): string {
  const healthz = measured.get('healthz');
  const headers = ['route or flow', 'now', 'today', 'target', 'target met', 'ratio to /healthz'];
  const cells = ISSUE_ROWS.map((row) => {
    const m = measured.get(row.id);
    return [
      row.label,
      formatMeasurement(row, m),
      row.today,
      row.target,
      verdict(row, m),
      ratioToHealthz(m, healthz),
    ];
  });
  return markdownTable(headers, cells);
}

export function markdownTable(headers: string[], cells: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((cell) => (cell[column] ?? '').length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}
