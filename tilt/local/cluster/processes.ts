// The cluster's processes outlive `cluster up`: each is started detached, in
// its own process group, with its log in logs/<name>.log and its pid in
// pids/<name>.pid. `cluster down` stops exactly those pids (after checking
// that the pid still runs the same program), nothing found by name.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { logTail, sleep } from '../servers/process';
import type { ClusterLayout } from './layout';

export interface ClusterProcess {
  name: string;
  command: string;
  args: string[];
  // Resolves once the process serves; throws (with the reason) before.
  ready: () => Promise<void>;
  readyTimeoutMs: number;
}

const STOP_GRACE_MS = 20_000;
const POLL_MS = 500;

function pidFile(layout: ClusterLayout, name: string): string {
  return path.join(layout.pids, `${name}.pid`);
}

export function logFile(layout: ClusterLayout, name: string): string {
  return path.join(layout.logs, `${name}.log`);
}

// The recorded pid of a component, if that process still runs the program
// it was started as (a pid reused by another program does not count).
export function runningPid(layout: ClusterLayout, name: string): number | undefined {
  let recorded: { pid: number; command: string };
  try {
    recorded = JSON.parse(fs.readFileSync(pidFile(layout, name), 'utf8')) as { pid: number; command: string };
  } catch {
    return undefined;
  }
  return executableOf(recorded.pid) === recorded.command ? recorded.pid : undefined;
}

function executableOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  } catch {
    return undefined;
  }
}

// Starts the process unless it already runs, then waits until it is ready.
export async function ensureProcess(
  layout: ClusterLayout,
  proc: ClusterProcess,
): Promise<'started' | 'running'> {
  fs.mkdirSync(layout.logs, { recursive: true });
  fs.mkdirSync(layout.pids, { recursive: true });
  if (runningPid(layout, proc.name) !== undefined) {
    await waitReady(layout, proc, () => undefined);
    return 'running';
  }
  const log = fs.openSync(logFile(layout, proc.name), 'a');
  fs.writeSync(log, `\n=== ${new Date().toISOString()} ${[proc.command, ...proc.args].join(' ')}\n`);
  const child = spawn(proc.command, proc.args, { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) =>
      reject(new Error(`could not start ${proc.name} (${proc.command}): ${error.message}`)),
    );
  });
  let exit: string | undefined;
  child.once('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `code ${code}`;
  });
  // The pid file holds the program too, so that a reused pid is never stopped.
  fs.writeFileSync(pidFile(layout, proc.name), JSON.stringify({ pid: child.pid, command: proc.command }));
  child.unref();
  await waitReady(layout, proc, () => exit);
  return 'started';
}

async function waitReady(layout: ClusterLayout, proc: ClusterProcess, exitStatus: () => string | undefined) {
  const deadline = Date.now() + proc.readyTimeoutMs;
  let lastError = 'no answer yet';
  for (;;) {
    const status = exitStatus();
    if (status) {
      throw new Error(
        `${proc.name} exited (${status}) before it was ready:\n${logTail(logFile(layout, proc.name))}`,
      );
    }
    try {
      await proc.ready();
      return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${proc.name} not ready after ${proc.readyTimeoutMs / 1000}s (${lastError}); its log ends:\n${logTail(logFile(layout, proc.name))}`,
      );
    }
    await sleep(POLL_MS);
  }
}

// SIGTERM, then SIGKILL after a grace period; removes the pid file.
export async function stopProcess(layout: ClusterLayout, name: string): Promise<'stopped' | 'not running'> {
  const pid = runningPid(layout, name);
  if (pid === undefined) {
    fs.rmSync(pidFile(layout, name), { force: true });
    return 'not running';
  }
  await stopPid(pid, name);
  fs.rmSync(pidFile(layout, name), { force: true });
  return 'stopped';
}

// A zombie (exited, not yet reaped by init) counts as stopped.
export function isAlive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

export async function stopPid(pid: number, name: string): Promise<void> {
  const alive = () => isAlive(pid);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + STOP_GRACE_MS;
  while (alive() && Date.now() < deadline) await sleep(200);
  if (alive()) {
    process.stderr.write(`${name} (pid ${pid}) did not stop within ${STOP_GRACE_MS / 1000}s; killing it\n`);
    process.kill(pid, 'SIGKILL');
    while (alive()) await sleep(100);
  }
}
