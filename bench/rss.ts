// The app's resident memory: VmRSS from /proc/<pid>/status, summed over the
// app process and every process it started (cluster workers, if any).
import fs from 'node:fs';

/** VmRSS in KiB from the text of /proc/<pid>/status; undefined when absent (a zombie has none). */
export function parseVmRssKiB(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** The children's pids in /proc/<pid>/task/<tid>/children (space separated). */
export function parseChildren(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((word) => word !== '')
    .map(Number);
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process has exited meanwhile
  }
}

/** The pid and its descendants, read from /proc. */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let index = 0; index < tree.length; index += 1) {
    const tasks = fs.existsSync(`/proc/${tree[index]}/task`)
      ? fs.readdirSync(`/proc/${tree[index]}/task`)
      : [];
    for (const tid of tasks)
      tree.push(...parseChildren(read(`/proc/${tree[index]}/task/${tid}/children`) ?? ''));
  }
  return [...new Set(tree)];
}

export interface Rss {
  processes: number;
  totalMiB: number;
}

export function appRss(pid: number): Rss {
  let kib = 0;
  let processes = 0;
  for (const member of processTree(pid)) {
    const value = parseVmRssKiB(read(`/proc/${member}/status`) ?? '');
    if (value === undefined) continue;
    kib += value;
    processes += 1;
  }
  return { processes, totalMiB: kib / 1024 };
}

export const formatRss = (rss: Rss): string =>
  `${rss.totalMiB.toFixed(0)} MiB${rss.processes > 1 ? ` (${rss.processes} processes)` : ''}`;
