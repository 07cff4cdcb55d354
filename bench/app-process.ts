// StreamHub under test, in a process of its own, started the way `npm start`
// starts it (tilt/local/cli.ts `up`: `node dist/services/main.js
// --target=all` with CLUSTER_WORKERS = the core count unless set), with a
// test run's settings and free ports. The bench process only seeds data and
// drives the external load generators.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { freePort } from '../services/internal/testing/free-port';
import { waitReady, type Child } from '../tilt/local/app';
import { sleep } from './support';

export interface AppProcess extends Child {
  baseUrl: string;
  logFile: string;
}

const READY_TIMEOUT_MS = 120_000;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL'); // detached: the app leads its own group
  } catch {
    // already gone
  }
}

/** As `npm start`: one worker per core, unless CLUSTER_WORKERS says otherwise. */
export const workers = (): string => process.env.CLUSTER_WORKERS ?? String(os.availableParallelism());
const STOP_GRACE_MS = 20_000;

/**
 * Starts the app; its output goes to `logFile` (one line per request at the
 * default log level, as under `npm start`). With `cpuProfileDir`, node writes
 * a .cpuprofile per process there when the app exits.
 */
export async function startApp(options: {
  entry: string;
  env: Record<string, string>;
  cwd: string;
  logFile: string;
  cpuProfileDir?: string;
  signal: AbortSignal;
}): Promise<AppProcess> {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const nodeArgs = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, options.entry, '--target=all'], {
    cwd: options.cwd,
    env: {
      ...process.env,
      ...options.env,
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      CLUSTER_WORKERS: workers(),
    },
    stdio: ['ignore', log, log],
    // Its own process group: Ctrl-C reaches the bench, which stops the app after its cleanup.
    detached: true,
  });
  fs.closeSync(log);
  const exited = new Promise<number>((resolve) => {
    child.once('error', () => resolve(127));
    child.once('exit', (code, signal) =>
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)),
    );
  });
  let done = false;
  void exited.then(() => (done = true));
  const onExit = () => {
    if (!done) child.kill('SIGTERM');
  };
  process.on('exit', onExit);
  const stop = async () => {
    if (!done) {
      child.kill('SIGTERM');
      const late = await Promise.race([exited.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
      if (late) {
        // The whole process group: cluster workers too, which would otherwise hold the test run's database.
        killGroup(child.pid);
        await exited;
      }
    }
    process.off('exit', onExit);
  };
  const app: AppProcess = {
    pid: child.pid ?? -1,
    exited,
    stop,
    baseUrl: `http://127.0.0.1:${httpPort}`,
    logFile: options.logFile,
  };
  try {
    await waitReady(`${app.baseUrl}/readyz`, app, READY_TIMEOUT_MS, options.signal);
  } catch (error) {
    await stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)} (app log: ${options.logFile})`,
    );
  }
  return app;
}
