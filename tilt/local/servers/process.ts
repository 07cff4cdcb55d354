// Starting a server process we own, waiting until it answers, and stopping it
// by its pid. Servers run in their own process group so a Ctrl-C in the
// terminal reaches only the orchestrator, which then stops them in order.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { serverPaths, type ServerPaths } from './runtime';

export interface RunningServer {
  name: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export interface ServerCommand {
  name: string;
  command: string;
  args: string[];
  runtimeDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  // Run as another user (Postgres refuses root); spawn's own uid/gid, so the
  // pid we hold is the server itself and not a su/runuser wrapper.
  uid?: number;
  gid?: number;
  stopSignal?: NodeJS.Signals;
}

export interface HealthCheck {
  // Resolves when the server answers; throws (with the reason) when not yet.
  check: () => Promise<void>;
  timeoutMs: number;
  signal?: AbortSignal;
}

const STOP_GRACE_MS = 10_000;
const POLL_MS = 250;

// Owned pids still running, so that a crash of the orchestrator itself still
// asks them to stop (process.on('exit') can only do synchronous work).
const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

export function logTail(logFile: string, lines = 15): string {
  try {
    const text = fs.readFileSync(logFile, 'utf8');
    return text
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((line) => `  | ${line}`)
      .join('\n');
  } catch {
    return '  (no log yet)';
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('interrupted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('interrupted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// Spawns the server, waits for its health check and returns a handle that
// stops it. If it never answers, it is stopped before the error is thrown.
export async function startServer(cmd: ServerCommand, health: HealthCheck): Promise<RunningServer> {
  if (health.signal?.aborted) throw new Error('interrupted');
  const paths = serverPaths(cmd.runtimeDir, cmd.name);
  const log = fs.openSync(paths.logFile, 'a');
  fs.writeSync(log, `\n=== ${new Date().toISOString()} ${[cmd.command, ...cmd.args].join(' ')}\n`);
  const child = spawn(cmd.command, cmd.args, {
    cwd: cmd.cwd,
    env: cmd.env ?? process.env,
    uid: cmd.uid,
    gid: cmd.gid,
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) =>
      reject(new Error(`could not start ${cmd.name} (${cmd.command}): ${error.message}`)),
    );
  });
  const pid = child.pid!;
  live.add(pid);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = signal ? `signal ${signal}` : `code ${code}`;
      live.delete(pid);
      resolve();
    }),
  );
  fs.writeFileSync(paths.pidFile, `${pid}\n`);

  const stop = async (): Promise<void> => {
    if (exit === undefined) {
      child.kill(cmd.stopSignal ?? 'SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
      if (timedOut && exit === undefined) {
        process.stderr.write(
          `${cmd.name} (pid ${pid}) did not stop within ${STOP_GRACE_MS / 1000}s; killing it\n`,
        );
        child.kill('SIGKILL');
        await exited;
      }
    }
    fs.rmSync(paths.pidFile, { force: true });
  };

  try {
    await waitHealthy(cmd.name, paths, health, () => exit);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: cmd.name, pid, logFile: paths.logFile, stop };
}

async function waitHealthy(
  name: string,
  paths: ServerPaths,
  health: HealthCheck,
  exitStatus: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + health.timeoutMs;
  let lastError = 'no answer yet';
  for (;;) {
    const status = exitStatus();
    if (status) {
      throw new Error(
        `${name} exited (${status}) before it answered its health check. Log ${paths.logFile}:\n${logTail(paths.logFile)}`,
      );
    }
    try {
      await health.check();
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${name} did not answer within ${health.timeoutMs / 1000}s (last error: ${lastError}). Log ${paths.logFile}:\n${logTail(paths.logFile)}`,
      );
    }
    await sleep(POLL_MS, health.signal);
  }
}
