// Runs StreamHub's own programs (its migrations, the app itself, jest) as
// children of the orchestrator, with the stack's settings in their env.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './servers/process';

export interface Child {
  pid: number;
  exited: Promise<number>; // exit code; 128 + n for signal n, like a shell
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

export function appEntry(repoRoot: string): string {
  return path.join(repoRoot, 'dist', 'services', 'main.js');
}

export function requireAppBuild(entry: string): void {
  if (!fs.existsSync(entry)) {
    throw new Error(
      `${entry} does not exist. Build the app first with \`npm run build\` (npm start and npm test do it); if it still is missing, services/main.ts has not been written or does not compile yet`,
    );
  }
}

// In its own process group, so the terminal's Ctrl-C reaches only the
// orchestrator, which stops children in order (app first, servers after).
// Its output goes to the terminal, or appended to `logFile`.
export function startChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { logFile?: string } = {},
): Child {
  const log = options.logFile === undefined ? undefined : fs.openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd,
    env,
    stdio: log === undefined ? 'inherit' : ['ignore', log, log],
    detached: true,
  });
  if (log !== undefined) fs.closeSync(log);
  const exited = new Promise<number>((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`could not start ${command}: ${error.message}\n`);
      resolve(127);
    });
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
  const stop = async (): Promise<void> => {
    if (!done) {
      child.kill('SIGTERM');
      if (await Promise.race([exited.then(() => false), sleep(STOP_GRACE_MS).then(() => true)])) {
        process.stderr.write(
          `${path.basename(args[0] ?? command)} (pid ${child.pid}) did not stop within ${STOP_GRACE_MS / 1000}s; killing it\n`,
        );
        killGroup(child.pid);
        await exited;
      }
    }
    process.off('exit', onExit);
  };
  return { pid: child.pid ?? -1, exited, stop };
}

// The whole group: an app's cluster workers too, which would otherwise keep
// its ports and its database connections.
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL'); // detached: the child leads its own group
  } catch {
    // already gone
  }
}

/** Runs a one-shot subcommand of main.js (its output goes to ours); its exit code. Stopped when `signal` aborts. */
export async function runMainCommand(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  signal: AbortSignal,
): Promise<number> {
  const child = startChild(process.execPath, [entry, ...args], env, cwd);
  const onAbort = () => void child.stop();
  signal.addEventListener('abort', onAbort, { once: true });
  const code = await child.exited;
  signal.removeEventListener('abort', onAbort);
  if (signal.aborted) throw new Error('interrupted');
  return code;
}

export async function runMigrations(
  entry: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  signal: AbortSignal,
): Promise<void> {
  const code = await runMainCommand(entry, ['migrate', 'latest'], env, cwd, signal);
  if (code !== 0)
    throw new Error(
      `migrations failed (\`node ${path.relative(cwd, entry)} migrate latest\` exited ${code}); see its output above`,
    );
}

// Polls the app's readiness endpoint; fails early if the app exits.
export async function waitReady(
  url: string,
  app: Child,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  let exitCode: number | undefined;
  void app.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`the app exited (code ${exitCode}) before ${url} answered; see its output above`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(500, signal);
  }
  throw new Error(
    `${url} did not answer 200 within ${timeoutMs / 1000}s (last: ${last}); see the app's output above`,
  );
}
