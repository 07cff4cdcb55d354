import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../../internal/testing/free-port';

// STREAMHUB_MAIN_JS: a private build, as for the worker-process tests.
const MAIN = process.env.STREAMHUB_MAIN_JS ?? path.resolve(__dirname, '../../../../dist/services/main.js');

/**
 * A real gateway-only process (`main.js --target=gateway`) whose service
 * clients all reach `grpcPort` (a test platform running the services).
 */
export class GatewayProcess {
  private child?: ChildProcess;
  private output = '';
  baseUrl = '';
  metricsUrl = '';

  constructor(private readonly env: Record<string, string>) {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds first`);
  }

  async start(grpcPort: number): Promise<void> {
    const [httpPort, metricsPort] = [await freePort(), await freePort()];
    this.baseUrl = `http://127.0.0.1:${httpPort}`;
    this.metricsUrl = `http://127.0.0.1:${metricsPort}`;
    const child = spawn(process.execPath, [MAIN, '--target=gateway'], {
      env: {
        ...process.env,
        ...this.env,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        METRICS_PORT: String(metricsPort),
        HTTP_TRUST_PROXY: 'true',
        // No gRPC server in a gateway-only process: every client's default address is the platform's.
        GRPC_PORT: String(grpcPort),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => void (this.output = (this.output + chunk.toString()).slice(-50_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the gateway exited early:\n${this.output}`);
      const ready = await fetch(`${this.baseUrl}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`the gateway was not ready in 30 s:\n${this.output}`);
      await sleep(100);
    }
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get log(): string {
    return this.output;
  }

  /** One sample of a Prometheus metric (first line matching name and optional label text). */
  async metric(name: string, labels = ''): Promise<number> {
    const text = await (await fetch(`${this.metricsUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (candidate) => candidate.startsWith(name) && candidate.includes(labels) && !candidate.startsWith('#'),
      );
    return line ? Number(line.split(' ').at(-1)) : 0;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
