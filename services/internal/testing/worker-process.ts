import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../../../dist/services/main.js');

/** A real worker process (`--target=worker`) that a test can kill -9 and start again. */
export class WorkerProcess {
  private child?: ChildProcess;
  private output = '';

  constructor(private readonly env: Record<string, string>) {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds first`);
  }

  start(): void {
    this.child = spawn(process.execPath, [MAIN, '--target=worker'], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  /** SIGKILL: no shutdown hooks, in-flight activities and workflow tasks are simply lost. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  get log(): string {
    return this.output;
  }
}
