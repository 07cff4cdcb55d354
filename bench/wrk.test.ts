import { parseWrkReport, wrkArgs } from './wrk';

const STDOUT = `Running 10s test @ http://127.0.0.1:8080/healthz
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.80ms  512.00us  20.00ms   90.00%
  Latency Distribution
     50%    1.70ms
     99%    4.10ms
  89001 requests in 10.00s, 12.00MB read
Requests/sec:   8900.10
BENCH_RESULT requests=89001 duration_us=10000000 bytes=12582912 connect_errors=0 read_errors=1 write_errors=0 status_errors=3 timeouts=2 p50_us=1700 p90_us=2500 p99_us=4100 max_us=20000 mean_us=1800.5
`;

describe('parseWrkReport', () => {
  it('reads the rate, the errors and the latency percentiles in milliseconds', () => {
    expect(parseWrkReport(STDOUT)).toEqual({
      requests: 89001,
      durationMs: 10000,
      rate: 8900.1,
      errors: 6,
      p50Ms: 1.7,
      p90Ms: 2.5,
      p99Ms: 4.1,
      maxMs: 20,
      meanMs: 1.8005,
    });
  });

  it('says so when the script printed no result line', () => {
    expect(() => parseWrkReport('unable to connect to 127.0.0.1:1 Connection refused\n')).toThrow(
      /no BENCH_RESULT line/,
    );
  });

  it('refuses a result line with a field missing or unreadable', () => {
    expect(() => parseWrkReport('BENCH_RESULT requests=1 duration_us=10\n')).toThrow(/no connect_errors/);
    expect(() => parseWrkReport('BENCH_RESULT requests=many\n')).toThrow(/unreadable field "requests=many"/);
  });
});

describe('wrkArgs', () => {
  it('is the issue command line with latency and the report script', () => {
    expect(
      wrkArgs(
        { wrk: 'wrk', url: 'http://127.0.0.1:1/healthz', threads: 2, connections: 16, durationS: 10 },
        '/repo/bench/load/wrk-report.lua',
      ),
    ).toEqual([
      '-t2',
      '-c16',
      '-d10s',
      '--latency',
      '-s',
      '/repo/bench/load/wrk-report.lua',
      'http://127.0.0.1:1/healthz',
    ]);
  });
});
