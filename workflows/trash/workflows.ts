import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { purgeNowSignal, type TrashActivities, type TrashInput } from './contract';

// The purge heartbeats after every file, so a worker that dies mid-page is
// noticed within the heartbeat timeout and the page is retried elsewhere.
const activities = proxyActivities<TrashActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const PURGE_PAGE = 100;

/**
 * `trash:<userId>:<window end>`: one durable timer per user and time window,
 * however many files were trashed in it. When it fires, it purges the user's
 * trashed files due by then, a page at a time; each page is idempotent, so a
 * crash anywhere just repeats work that finds nothing left to do. Restored
 * files are simply no longer trashed when the timer fires.
 */
export async function trashWorkflow(input: TrashInput): Promise<{ purgedFiles: number }> {
  let purgeNow = false;
  setHandler(purgeNowSignal, () => {
    purgeNow = true;
  });
  const waitMs = Date.parse(input.purgeAt) - Date.now();
  if (waitMs > 0) await condition(() => purgeNow, waitMs);

  let purgedFiles = 0;
  for (;;) {
    const page = await activities.purgeDueFiles({
      userId: input.userId,
      dueBy: input.purgeAt,
      limit: PURGE_PAGE,
    });
    purgedFiles += page.purged;
    if (page.purged < PURGE_PAGE) return { purgedFiles };
  }
}
