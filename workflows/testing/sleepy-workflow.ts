// Test-only workflow for time-skipping-env.int.test.ts: sleeps 30 days and
// returns how much workflow time passed. Bundled by the test's Worker with
// webpack, so it imports nothing but @temporalio/workflow.
import { sleep } from '@temporalio/workflow';

export const SLEEP_MS = 30 * 24 * 60 * 60 * 1000;

export async function sleepyWorkflow(): Promise<number> {
  // Date.now() in a workflow is the workflow clock, which the server skips.
  const startedAt = Date.now();
  await sleep(SLEEP_MS);
  return Date.now() - startedAt;
}
