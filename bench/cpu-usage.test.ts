import { describeCpu, parseMachineTicks, parseStatTicks, type CpuSample } from './cpu-usage';

describe('CPU accounting from /proc', () => {
  it('reads utime + stime even when the process name holds spaces and parentheses', () => {
    const stat =
      '4242 (node (worker) 1) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 11 0 123 456 789';
    expect(parseStatTicks(stat)).toBe(325);
  });

  it('counts idle and iowait as not busy', () => {
    expect(parseMachineTicks('cpu  100 5 50 800 40 0 5 0 0 0\ncpu0 1 2 3\n')).toEqual({
      busy: 160,
      total: 1000,
    });
  });

  it('gives each process the cores it used between two samples, busiest first', () => {
    const before: CpuSample = {
      at: 0,
      byProcess: new Map([
        ['app', 0],
        ['postgres', 0],
        ['redis', 0],
      ]),
      machine: { busy: 0, total: 0 },
    };
    const after: CpuSample = {
      at: 10_000,
      byProcess: new Map([
        ['app', 1200],
        ['postgres', 400],
        ['redis', 0],
      ]),
      machine: { busy: 1800, total: 2000 },
    };
    // 10 s at 100 ticks a second: 1,200 ticks is 1.2 cores; redis did nothing and is left out.
    expect(describeCpu(before, after, 2)).toBe(
      'cores used: app 1.20, postgres 0.40; machine 1.80 of 2 cores busy',
    );
  });
});
