import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { TrashInput } from '../../../workflows/trash/workflows';
import { trashWindowEnd, trashWorkflowId } from '../../../workflows/workflow-ids';
import type { FilesDeps } from '../deps';

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
  const { deps, userId } = props;
  const windowEnd = trashWindowEnd(props.purgeAt, deps.settings.trashBatchWindowSeconds);
  const input: TrashInput = { userId, purgeAt: windowEnd.toISOString() };
  try {
    await deps.temporal.workflow.start('trashWorkflow', {
      workflowId: trashWorkflowId(userId, windowEnd),
      taskQueue: deps.taskQueue,
      args: [input],
      searchAttributes: { UserId: [userId] },
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
