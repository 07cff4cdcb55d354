import { condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { purgeNowSignal, type TrashActivities, type TrashInput } from './contract';

// The purge heartbeats after every storage request (250 objects, up to 25 s
// on a loaded machine) and after the page's rows, so a worker that dies
// mid-page is noticed within the heartbeat timeout and the page is retried
// elsewhere.
const activities = proxyActivities<TrashActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// One storage DeleteObjects request and one transaction per page (most files have one version).
const PURGE_PAGE = 1000;
// Another window's run holds the user's purge lock: it is purging these files too.
const BUSY_RETRY = '1 second';

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
    if (page.busy) {
      await sleep(BUSY_RETRY);
      continue;
    }
    purgedFiles += page.purged;
    if (page.purged < PURGE_PAGE) return { purgedFiles };
  }
}
