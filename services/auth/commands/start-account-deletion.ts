import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  ACCOUNT_DELETION_WORKFLOW_TYPE,
  accountDeletionMemo,
  accountDeletionSearchAttributes,
  accountDeletionWorkflowId,
  type AccountDeletionInput,
  type AccountDeletionWorkflow,
} from '../../../workflows/account-deletion/contract';
import { isUserId } from '../../internal/user-id';
import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { authStore } from '../store';
import { setUserAccess } from './set-user-access';

export interface TemporalStarter {
  client: Client;
  taskQueue: string;
}

/**
 * DELETE /v1/admin/users/{id}: disables the account at once (its tokens stop
 * working, setUserAccess) and starts `account-deletion:<userId>`, which
 * removes the rest. Idempotent: asked again while it runs, or after it
 * removed the account, it answers the same workflow id; a user that never
 * existed is user_not_found.
 */
export async function startAccountDeletion(props: {
  deps: AuthDeps;
  temporal: TemporalStarter;
  actorUserId: string;
  userId: string;
}): Promise<{ workflowId: string }> {
  const { deps, temporal } = props;
  if (!isUserId(props.userId)) throw AUTH_ERRORS.userNotFound();
  const userId = props.userId.toLowerCase();
  const workflowId = accountDeletionWorkflowId(userId);
  if (!(await authStore.findUserById(deps.db, userId))) {
    if (await workflowExists(temporal.client, workflowId)) return { workflowId };
    throw AUTH_ERRORS.userNotFound();
  }
  await setUserAccess({ deps, actorUserId: props.actorUserId, userId, disabled: true });
  const input: AccountDeletionInput = { userId, requestedBy: props.actorUserId };
  try {
    await temporal.client.workflow.start<AccountDeletionWorkflow>(ACCOUNT_DELETION_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: temporal.taskQueue,
      args: [input],
      searchAttributes: accountDeletionSearchAttributes(input),
      memo: accountDeletionMemo(input, new Date()),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { workflowId };
}

async function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
