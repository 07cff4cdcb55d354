import path from 'node:path';
import { startChild } from './app';

/**
 * After jest (`npm test`): the end-to-end tests leave real users, rows and
 * objects in the run's database and bucket, and their usage must be exact
 * (docs/usage-reconciliation.md). Runs `main.js reconcile-usage` against
 * them; its output (the drift, if any) goes to the terminal. Throws on
 * drift, so the run fails.
 */
export async function checkUsageDrift(
  entry: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  signal: AbortSignal,
): Promise<void> {
  const child = startChild(process.execPath, [entry, 'reconcile-usage'], env, cwd);
  const onAbort = () => void child.stop();
  signal.addEventListener('abort', onAbort, { once: true });
  const code = await child.exited;
  signal.removeEventListener('abort', onAbort);
  if (signal.aborted) throw new Error('interrupted');
  if (code !== 0)
    throw new Error(
      `usage drifted after the tests (\`node ${path.relative(cwd, entry)} reconcile-usage\` exited ${code}); the drift is printed above`,
    );
}
