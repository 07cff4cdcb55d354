import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  TRASH_WORKFLOW_TYPE,
  trashSearchAttributes,
  trashWindowEnd,
  trashWorkflowId,
  type TrashInput,
  type TrashWorkflow,
} from '../../../workflows/trash/contract';
import type { FilesDeps } from '../deps';

// Windows this process already knows to have a running timer: trashing many
// files in a row then costs one Temporal call, not one per file. Forgetting
// is harmless (the start is idempotent), so the cache is best effort.
const knownTimers = new Map<string, number>();
const MAX_KNOWN_TIMERS = 10_000;

/**
 * Ensures a `trash:<userId>:<window end>` timer runs for the window the
 * purge time falls in. Trashing 10,000 files in one window starts one
 * workflow, not 10,000: every later start finds it running.
 */
export async function scheduleTrashPurge(props: {
  deps: FilesDeps;
  userId: string;
  purgeAt: Date;
}): Promise<void> {
  const windowEnd = trashWindowEnd(props.purgeAt, props.deps.settings.trashBatchWindowSeconds);
  const workflowId = trashWorkflowId(props.userId, windowEnd);
  if ((knownTimers.get(workflowId) ?? 0) > Date.now()) return;
  await startTrashWorkflow({ deps: props.deps, userId: props.userId, purgeAt: windowEnd, workflowId });
  if (knownTimers.size >= MAX_KNOWN_TIMERS) {
    for (const [id, end] of knownTimers) if (end <= Date.now()) knownTimers.delete(id);
    if (knownTimers.size >= MAX_KNOWN_TIMERS) knownTimers.clear();
  }
  knownTimers.set(workflowId, windowEnd.getTime());
}

/** A purge run for everything due now (empty trash, overdue files), not waiting for a window to end. */
export async function purgeTrashNow(props: { deps: FilesDeps; userId: string }): Promise<void> {
  const now = new Date();
  await startTrashWorkflow({
    deps: props.deps,
    userId: props.userId,
    purgeAt: now,
    workflowId: trashWorkflowId(props.userId, now),
  });
}

async function startTrashWorkflow(props: {
  deps: FilesDeps;
  userId: string;
  purgeAt: Date;
  workflowId: string;
}): Promise<void> {
  const input: TrashInput = { userId: props.userId, purgeAt: props.purgeAt.toISOString() };
  try {
    await props.deps.temporal.workflow.start<TrashWorkflow>(TRASH_WORKFLOW_TYPE, {
      workflowId: props.workflowId,
      taskQueue: props.deps.taskQueue,
      args: [input],
      searchAttributes: trashSearchAttributes(input),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
