import { appRss, parseChildren, parseVmRssKiB, processTree } from './rss';

describe('parseVmRssKiB', () => {
  it('reads VmRSS in KiB from /proc/<pid>/status', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmRSS:\t  183456 kB\nRssAnon:\t 120000 kB\n';
    expect(parseVmRssKiB(status)).toBe(183456);
  });

  it('is undefined for a process without memory (a zombie)', () => {
    expect(parseVmRssKiB('Name:\tnode\nState:\tZ (zombie)\n')).toBeUndefined();
  });
});

describe('parseChildren', () => {
  it('reads the space separated pids, empty for none', () => {
    expect(parseChildren('123 456 ')).toEqual([123, 456]);
    expect(parseChildren('')).toEqual([]);
  });
});

describe('processTree and appRss on this process', () => {
  it('finds this process and reads its resident memory', () => {
    expect(processTree(process.pid)[0]).toBe(process.pid);
    const rss = appRss(process.pid);
    expect(rss.processes).toBeGreaterThanOrEqual(1);
    expect(rss.totalMiB).toBeGreaterThan(1);
  });
});
