// Progress for long steps. A first build of Temporal or MinIO takes minutes:
// the user (and CI, which kills silent jobs) must see that it is alive, while
// the build's own chatter goes to a log file they can open when it fails.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const HEARTBEAT_MS = 15_000;
const startedAt = Date.now();

// Builds still running when the orchestrator exits (an error elsewhere, or
// Ctrl-C while Temporal compiles) are stopped with it.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

export function note(message: string): void {
  process.stdout.write(`[${elapsed(startedAt).padStart(6)}] ${message}\n`);
}

// Runs one named step and prints a line when it starts and when it ends.
export async function step<T>(title: string, run: () => Promise<T>): Promise<T> {
  const since = Date.now();
  note(`${title} ...`);
  try {
    const result = await run();
    note(`${title}: done in ${elapsed(since)}`);
    return result;
  } catch (error) {
    const interrupted = error instanceof Error && error.message === 'interrupted';
    note(`${title}: ${interrupted ? 'interrupted' : 'FAILED'} after ${elapsed(since)}`);
    throw error;
  }
}

export interface LoggedCommand {
  title: string;
  command: string;
  args: string[];
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  uid?: number;
  gid?: number;
}

// Runs a command to completion with its output in logFile, printing a
// heartbeat with the latest output line every 15 s. On failure the error
// carries the last lines, so the user rarely has to open the log.
export async function runLogged(cmd: LoggedCommand): Promise<void> {
  fs.mkdirSync(path.dirname(cmd.logFile), { recursive: true });
  const log = fs.createWriteStream(cmd.logFile, { flags: 'w' });
  log.write(`$ ${[cmd.command, ...cmd.args].join(' ')}\n`);
  const since = Date.now();
  const tail: string[] = [];
  const child = spawn(cmd.command, cmd.args, {
    cwd: cmd.cwd,
    env: cmd.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: cmd.signal,
    uid: cmd.uid,
    gid: cmd.gid,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      log.write(`${line}\n`);
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
  }
  const heartbeat = setInterval(() => {
    const last = tail.at(-1)?.slice(0, 100) ?? '';
    note(
      `  ${cmd.title}: still running (${elapsed(since)}, log ${cmd.logFile})${last ? ` last: ${last}` : ''}`,
    );
  }, HEARTBEAT_MS);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) {
      throw new Error(
        `${cmd.title} failed (exit ${code}); full log: ${cmd.logFile}\n${tail.map((l) => `  | ${l}`).join('\n')}`,
      );
    }
  } finally {
    clearInterval(heartbeat);
    await new Promise<void>((resolve) => log.end(resolve));
  }
}
