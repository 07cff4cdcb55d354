import path from 'node:path';
import { runMainCommand } from './app';

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
  const code = await runMainCommand(entry, ['reconcile-usage'], env, cwd, signal);
  if (code !== 0)
    throw new Error(
      `usage drifted after the tests (\`node ${path.relative(cwd, entry)} reconcile-usage\` exited ${code}); the drift is printed above`,
    );
}
