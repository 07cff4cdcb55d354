import { formatMeasurement, ISSUE_ROWS, issueTable, ratioToHealthz, verdict, type RowId } from './table';

const row = (id: RowId) => ISSUE_ROWS.find((candidate) => candidate.id === id)!;

describe('the issue table', () => {
  it('has every row of the issue, once', () => {
    expect(ISSUE_ROWS.map((candidate) => candidate.id)).toEqual([
      'healthz',
      'me',
      'list',
      'search',
      'get',
      'download',
      'uploads',
      'complete',
      'event',
      'delete',
      'purge',
    ]);
  });

  it('judges rate targets and latency targets, both where a row has two', () => {
    expect(verdict(row('healthz'), { rate: 20_000 })).toBe('met');
    expect(verdict(row('healthz'), { rate: 19_999 })).toBe('missed');
    expect(verdict(row('list'), { rate: 5000, p99Ms: 20 })).toBe('met');
    expect(verdict(row('list'), { rate: 5000, p99Ms: 20.1 })).toBe('missed');
    expect(verdict(row('complete'), { p50Ms: 39, p99Ms: 151 })).toBe('missed');
    expect(verdict(row('purge'), { seconds: 12 })).toBe('met');
    expect(verdict(row('purge'), { incomplete: '> 1800 s' })).toBe('missed');
    expect(verdict(row('event'), { rate: 3 })).toBe('?');
    expect(verdict(row('healthz'), { rate: 30_000, errors: 1 })).toBe('missed');
  });

  it('shows the ratio to /healthz of a rate, or of a p50 for a latency-only row', () => {
    const healthz = { rate: 10_000, p50Ms: 1.5 };
    expect(ratioToHealthz({ rate: 2500, p50Ms: 6 }, healthz)).toBe('0.25 (rate)');
    expect(ratioToHealthz({ rate: 3.2 }, healthz)).toBe('0.00032 (rate)');
    expect(ratioToHealthz({ p50Ms: 150, p99Ms: 300 }, healthz)).toBe('0.010 (p50)');
    expect(ratioToHealthz({ seconds: 20 }, healthz)).toBe('—');
    expect(ratioToHealthz({ rate: 1 }, undefined)).toBe('—');
  });

  it('formats a measurement with the row unit, and marks what was not measured', () => {
    expect(formatMeasurement(row('uploads'), { rate: 42.25, p50Ms: 300 })).toBe(
      '42.3 uploads/s, p50 300.0 ms',
    );
    expect(formatMeasurement(row('me'), { rate: 3210.4, p50Ms: 4.06, p99Ms: 12 })).toBe(
      '3,210 req/s, p50 4.1 ms, p99 12.0 ms',
    );
    expect(formatMeasurement(row('purge'), { seconds: 25.34 })).toBe('25.3 s after the timer');
    expect(formatMeasurement(row('purge'), undefined)).toBe('not measured');
    expect(formatMeasurement(row('get'), { rate: 1000, errors: 2 })).toBe('1,000 req/s, 2 failed');
    expect(formatMeasurement(row('purge'), { seconds: 2, note: 'only 300 files' })).toBe(
      '2.0 s after the timer, only 300 files',
    );
  });

  it('prints one Markdown line per row after the header', () => {
    const table = issueTable(new Map([['healthz', { rate: 21_000, p50Ms: 0.7, p99Ms: 2 }]]));
    const lines = table.split('\n');
    expect(lines).toHaveLength(2 + ISSUE_ROWS.length);
    expect(lines[2]).toMatch(
      /^\| GET \/healthz +\| 21,000 req\/s, p50 0\.7 ms, p99 2\.0 ms \| 8,900 req\/s +\| ≥ 20,000 req\/s .*\| met +\| 1\.0 \(rate\)/,
    );
    expect(lines[3]).toContain('not measured');
  });
});
