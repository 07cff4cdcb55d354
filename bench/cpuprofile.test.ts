import { formatSummary, summariseProfiles, type CpuProfile } from './cpuprofile';

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber });

// Sample stamps 1000, 2000, 5000, 6000, 8000 µs, end 10000: each sample lasts until the next stamp.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)') },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('listFiles', 'file:///repo/dist/services/files/list.js', 9) },
    { id: 4, callFrame: frame('stringify') },
    { id: 5, callFrame: frame('', 'file:///repo/dist/services/gateway/app.js', 0) },
  ],
  startTime: 1000,
  samples: [2, 3, 4, 3, 5],
  timeDeltas: [0, 1000, 3000, 1000, 2000],
  endTime: 10000,
};

describe('summariseProfiles', () => {
  it('charges each sample the time to the next one and ranks functions by self time, idle left out', () => {
    const summary = summariseProfiles([profile], 15, '/repo');
    expect(summary.totalMs).toBe(9);
    expect(summary.idleMs).toBe(1);
    expect(summary.busyMs).toBe(8);
    expect(summary.top).toEqual([
      { name: 'listFiles (dist/services/files/list.js:10)', selfMs: 5, percent: 62.5 },
      { name: '(anonymous) (dist/services/gateway/app.js:1)', selfMs: 2, percent: 25 },
      { name: 'stringify', selfMs: 1, percent: 12.5 },
    ]);
  });

  it('adds up several processes and keeps only the top n', () => {
    const summary = summariseProfiles([profile, profile], 1);
    expect(summary.busyMs).toBe(16);
    expect(summary.top).toEqual([
      { name: 'listFiles (/repo/dist/services/files/list.js:10)', selfMs: 10, percent: 62.5 },
    ]);
  });

  it('counts only the samples inside the windows given', () => {
    // Stamps 2000 (listFiles, 3 ms) and 5000 (stringify, 1 ms) are inside; 6000 and 8000 are not.
    const summary = summariseProfiles([profile], 15, '/repo', [[1500, 5500]]);
    expect(summary.totalMs).toBe(4);
    expect(summary.top.map((hot) => [hot.name, hot.selfMs])).toEqual([
      ['listFiles (dist/services/files/list.js:10)', 3],
      ['stringify', 1],
    ]);
  });

  it('reads a profile without samples as empty', () => {
    const summary = summariseProfiles([{ ...profile, samples: undefined, timeDeltas: undefined }]);
    expect(summary).toEqual({ totalMs: 0, idleMs: 0, busyMs: 0, top: [], byOwner: [] });
    expect(formatSummary(summary)).toContain('busy 0.0 s of 0.0 s sampled');
  });

  it('charges Node’s own work to the innermost package or project folder that called it', () => {
    // (root) → koa → writev, (root) → services/chat → pg → writev, (root) → writev, (root) → (garbage collector)
    const tree: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 4, 7, 8] },
        {
          id: 2,
          callFrame: frame('respond', 'file:///repo/node_modules/koa/lib/application.js', 1),
          children: [3],
        },
        { id: 3, callFrame: frame('writev', 'node:internal/stream_base_commons', 1) },
        {
          id: 4,
          callFrame: frame('postMessage', 'file:///repo/dist/services/chat/commands/post.js', 1),
          children: [5],
        },
        { id: 5, callFrame: frame('submit', 'file:///repo/node_modules/pg/lib/query.js', 1), children: [6] },
        { id: 6, callFrame: frame('writev') },
        { id: 7, callFrame: frame('writev') },
        { id: 8, callFrame: frame('(garbage collector)') },
      ],
      startTime: 0,
      samples: [3, 6, 6, 4, 7, 8],
      timeDeltas: [0, 1000, 1000, 1000, 1000, 1000],
      endTime: 6000,
    };
    const summary = summariseProfiles([tree], 15, '/repo');
    expect(summary.byOwner.map((owner) => [owner.name, owner.selfMs])).toEqual([
      ['pg', 2],
      ['koa', 1],
      ['services/chat', 1],
      ['node internals', 1],
      ['(garbage collector)', 1],
    ]);
    expect(formatSummary(summary)).toContain('package or project folder');
  });
});
