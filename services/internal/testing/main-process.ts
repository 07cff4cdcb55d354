import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port';
import { metricSample } from './metric-sample';

// STREAMHUB_MAIN_JS: a build elsewhere (a private `tsc --outDir`), to run a
// process of code not yet in dist/ without rebuilding it for everyone.
const MAIN = process.env.STREAMHUB_MAIN_JS ?? path.resolve(__dirname, '../../../dist/services/main.js');
// Enough for the JSON log lines a tracing test reads back.
const KEPT_OUTPUT_CHARS = 2_000_000;

/**
 * `main.js --target=<target>` in a process of its own, as in production: a
 * test can kill -9 it and start it again, read its logs and metrics, and it
 * starts tracing before anything loads (jest has loaded pg, koa and kafkajs
 * long before an in-process platform could). Every port it opens is a free
 * one, never a default a dev app may hold.
 */
export class MainProcess {
  private child?: ChildProcess;
  private output = '';
  baseUrl = '';
  metricsUrl = '';
  grpcPort = 0;

  constructor(
    /** main.ts's --target: a comma-separated list of modules, or `all`. */
    private readonly target: string,
    private readonly env: Record<string, string>,
    private readonly readyTimeoutMs = 60_000,
  ) {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds first`);
  }

  /**
   * Resolves once /readyz answers 200. grpcPort (or GRPC_PORT in its env):
   * the services' address, for a process without them (every client's
   * default address); a free port otherwise. A process that exits first rejects at once, with its output.
   */
  async start(grpcPort?: number): Promise<void> {
    const [httpPort, metricsPort] = [await freePort(), await freePort()];
    this.grpcPort = grpcPort ?? (this.env.GRPC_PORT ? Number(this.env.GRPC_PORT) : await freePort());
    this.baseUrl = `http://127.0.0.1:${httpPort}`;
    this.metricsUrl = `http://127.0.0.1:${metricsPort}`;
    this.output = '';
    const child = spawn(process.execPath, [MAIN, `--target=${this.target}`], {
      env: {
        ...process.env,
        CLUSTER_WORKERS: '1',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        ...this.env,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        HTTP_TRUST_PROXY: 'true',
        METRICS_PORT: String(metricsPort),
        GRPC_PORT: String(this.grpcPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) =>
      void (this.output = (this.output + chunk.toString()).slice(-KEPT_OUTPUT_CHARS));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exit: string | undefined;
    child.once('exit', (code, signal) => (exit = signal ? `signal ${signal}` : `code ${code}`));

    const deadline = Date.now() + this.readyTimeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (exit !== undefined)
        throw new Error(
          `the ${this.target} process exited (${exit}) before it was ready; its output:\n${this.tail()}`,
        );
      try {
        const response = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (response.status === 200) return;
        last = `HTTP ${response.status}: ${await response.text()}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(100);
    }
    await this.kill();
    throw new Error(
      `the ${this.target} process was not ready within ${this.readyTimeoutMs / 1000} s (last: ${last}); its output:\n${this.tail()}`,
    );
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get log(): string {
    return this.output;
  }

  /** The JSON log lines written so far (set LOG_FORMAT=json). */
  logLines(): Array<Record<string, unknown>> {
    return this.output.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** One sample of a Prometheus metric (the first line matching name and optional label text). */
  metric(name: string, labels = ''): Promise<number> {
    return metricSample(this.metricsUrl, name, labels);
  }

  /** SIGKILL: no shutdown hooks, in-flight activities and workflow tasks are simply lost. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM, as Kubernetes stops a pod: the process drains and flushes its batched spans. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private tail(): string {
    return this.output.slice(-5_000);
  }

  private async signal(name: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(name);
    await exited;
  }
}
