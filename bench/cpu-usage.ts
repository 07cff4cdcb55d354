// Where the CPU went during a measured load: the app (its process tree),
// each local server (pid files under .streamhub/pids, with the processes
// they started, such as Postgres's backends) and the whole machine, from
// /proc. It is the evidence of what bounds a row: a server near one core,
// or a machine with both cores busy, bounds it; an app at half a core with
// the machine idle is waiting, not computing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { processTree } from './rss';

/** utime + stime in clock ticks, from the text of /proc/<pid>/stat (the name may hold spaces and parentheses). */
export function parseStatTicks(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3 of the file, utime 14 and stime 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

/** Busy and total ticks of all cores, from the first line of /proc/stat. */
export function parseMachineTicks(procStat: string): { busy: number; total: number } {
  const values = procStat.split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

function treeTicks(pid: number): number {
  let ticks = 0;
  for (const member of processTree(pid)) {
    try {
      ticks += parseStatTicks(fs.readFileSync(`/proc/${member}/stat`, 'utf8')) ?? 0;
    } catch {
      // exited meanwhile
    }
  }
  return ticks;
}

/** The servers tilt/local started, by name, from their pid files. */
function serverPids(runtimeDir: string): Map<string, number> {
  const pids = new Map<string, number>();
  const dir = path.join(runtimeDir, 'pids');
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const pid = Number(fs.readFileSync(path.join(dir, file), 'utf8').trim());
    if (pid > 0 && fs.existsSync(`/proc/${pid}`)) pids.set(file.replace(/\.pid$/, ''), pid);
  }
  return pids;
}

export interface CpuSample {
  at: number;
  byProcess: Map<string, number>;
  machine: { busy: number; total: number };
}

export function sampleCpu(appPid: number, runtimeDir: string): CpuSample {
  const byProcess = new Map<string, number>([['app', treeTicks(appPid)]]);
  for (const [name, pid] of serverPids(runtimeDir)) byProcess.set(name, treeTicks(pid));
  return {
    at: performance.now(),
    byProcess,
    machine: parseMachineTicks(fs.readFileSync('/proc/stat', 'utf8')),
  };
}

/** "app 1.21 cores, postgres 0.40, … ; machine 1.95 of 2 cores busy" for the time between two samples. */
export function describeCpu(before: CpuSample, after: CpuSample, cores: number): string {
  const seconds = (after.at - before.at) / 1000;
  if (seconds <= 0) return 'no time elapsed';
  const perSecond = clockTicks() * seconds;
  const used = [...after.byProcess]
    .map(([name, ticks]) => [name, (ticks - (before.byProcess.get(name) ?? ticks)) / perSecond] as const)
    .filter(([name, coresUsed]) => name === 'app' || coresUsed >= 0.01)
    .sort(([, a], [, b]) => b - a)
    .map(([name, coresUsed]) => `${name} ${coresUsed.toFixed(2)}`);
  const busyShare =
    (after.machine.busy - before.machine.busy) / Math.max(1, after.machine.total - before.machine.total);
  return `cores used: ${used.join(', ')}; machine ${(busyShare * cores).toFixed(2)} of ${cores} cores busy`;
}
