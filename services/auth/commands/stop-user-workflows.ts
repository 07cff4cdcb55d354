import { WorkflowNotFoundError, type Client } from '@temporalio/client';

/**
 * Account deletion: terminates every running workflow that carries the
 * user's `UserId` search attribute (trash timers, uploads, the
 * subscription) except the deletion itself, so none recreates what the
 * deletion removes. Idempotent: an ended workflow is not listed again, and
 * one that ended meanwhile is skipped.
 */
export async function stopUserWorkflows(props: {
  temporal: Client;
  userId: string;
  keepWorkflowId: string;
}): Promise<number> {
  const query = `UserId = '${props.userId.replace(/[^0-9a-fA-F-]/g, '')}' AND ExecutionStatus = 'Running'`;
  let terminated = 0;
  for await (const execution of props.temporal.workflow.list({ query })) {
    if (execution.workflowId === props.keepWorkflowId) continue;
    try {
      await props.temporal.workflow
        .getHandle(execution.workflowId, execution.runId)
        .terminate('the account is being deleted');
      terminated += 1;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return terminated;
}
