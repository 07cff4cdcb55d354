// StreamHub under test, in a process of its own, started the way `npm start`
// starts it (tilt/local/cli.ts `up`: `node dist/services/main.js
// --target=all` with CLUSTER_WORKERS = the core count unless set), with a
// test run's settings and free ports. The bench process only seeds data and
// drives the external load generators.
import os from 'node:os';
import { freePort } from '../services/internal/testing/free-port';
import { startChild, waitReady, type Child } from '../tilt/local/app';

export interface AppProcess extends Child {
  baseUrl: string;
  /** Its gRPC port (a gateway-only process of a benchmark reaches the services there). */
  grpcPort: number;
  /** Its Prometheus endpoint's origin (the primary serves every worker's counts). */
  metricsUrl: string;
  logFile: string;
}

const READY_TIMEOUT_MS = 120_000;

/** As `npm start`: one worker per core, unless CLUSTER_WORKERS says otherwise. */
export const workers = (): string => process.env.CLUSTER_WORKERS ?? String(os.availableParallelism());

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
  const [httpPort, grpcPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const nodeArgs = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = startChild(
    process.execPath,
    [...nodeArgs, options.entry, '--target=all'],
    {
      ...process.env,
      ...options.env,
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      // The gateway's Prometheus port: `npm start` may hold the default one.
      METRICS_PORT: String(metricsPort),
      CLUSTER_WORKERS: workers(),
    },
    options.cwd,
    { logFile: options.logFile },
  );
  const app: AppProcess = {
    ...child,
    baseUrl: `http://127.0.0.1:${httpPort}`,
    grpcPort,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    logFile: options.logFile,
  };
  try {
    await waitReady(`${app.baseUrl}/readyz`, app, READY_TIMEOUT_MS, options.signal);
  } catch (error) {
    await child.stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)} (app log: ${options.logFile})`,
    );
  }
  return app;
}
