import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port';

// STREAMHUB_MAIN_JS: a build elsewhere (a private \`tsc --outDir\`), to run a
// worker of code not yet in dist/ without rebuilding it for everyone.
const MAIN = process.env.STREAMHUB_MAIN_JS ?? path.resolve(__dirname, '../../../dist/services/main.js');
const READY_TIMEOUT_MS = 30_000;

/** A real worker process (`--target=worker`) that a test can kill -9 and start again. */
export class WorkerProcess {
  private child?: ChildProcess;
  private output = '';

  constructor(private readonly env: Record<string, string>) {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds first`);
  }

  /**
   * Starts the worker on a free probe port (never a default one a dev app may
   * hold) and resolves once its /readyz answers 200. A worker that exits
   * first rejects at once, with its output (for example EADDRINUSE).
   */
  async start(): Promise<void> {
    const httpPort = await freePort();
    const child = spawn(process.execPath, [MAIN, '--target=worker'], {
      env: { ...process.env, ...this.env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(httpPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exit: string | undefined;
    child.once('exit', (code, signal) => (exit = signal ? `signal ${signal}` : `code ${code}`));

    const readyz = `http://127.0.0.1:${httpPort}/readyz`;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (exit !== undefined)
        throw new Error(`the worker exited (${exit}) before it was ready; its output:\n${this.output}`);
      try {
        const response = await fetch(readyz, { signal: AbortSignal.timeout(1000) });
        if (response.status === 200) return;
        last = `HTTP ${response.status}: ${await response.text()}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(100);
    }
    await this.kill();
    throw new Error(
      `the worker was not ready within ${READY_TIMEOUT_MS / 1000} s (last: ${last}); its output:\n${this.output}`,
    );
  }

  /** SIGKILL: no shutdown hooks, in-flight activities and workflow tasks are simply lost. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  get log(): string {
    return this.output;
  }

  private async signal(name: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(name);
    await exited;
  }
}
