import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import {
  SUBSCRIPTION_WORKFLOW_TYPE,
  subscriptionMemo,
  subscriptionSearchAttributes,
  subscriptionWorkflowId,
  type ChangePlanRequest,
  type SubscriptionInput,
  type SubscriptionState,
  type SubscriptionWorkflow,
} from '../../workflows/subscription/contract';
import { AppError, isErrorCode } from '../internal/errors';
import { BILLING_ERRORS } from './errors';
import { subscriptionTimings, type SubscriptionDeps } from './subscription-deps';

function temporalOf(deps: SubscriptionDeps) {
  if (!deps.temporal) throw new Error('this billing instance has no Temporal client');
  return deps.temporal;
}

/** Starts `subscription:<userId>` for a paid subscription just written; one already running is fine. */
export async function startSubscriptionWorkflow(
  deps: SubscriptionDeps,
  state: SubscriptionState,
): Promise<void> {
  const { client, taskQueue } = temporalOf(deps);
  const input: SubscriptionInput = { userId: state.userId, timings: subscriptionTimings(deps.settings) };
  try {
    await client.workflow.start<SubscriptionWorkflow>(SUBSCRIPTION_WORKFLOW_TYPE, {
      workflowId: subscriptionWorkflowId(state.userId),
      taskQueue,
      args: [input],
      searchAttributes: subscriptionSearchAttributes(input),
      memo: subscriptionMemo(state),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** Thrown when the user's workflow is not running (it ended, or its start was lost). */
export class SubscriptionNotRunning extends Error {}

/**
 * Sends an update to the user's workflow and answers what it returned. A
 * refusal comes back as the billing error it was raised as (the activity
 * names it by code); a refusal by the update's validator (the lifecycle is
 * ending) as `subscription_busy`.
 */
export async function updateSubscription(
  deps: SubscriptionDeps,
  userId: string,
  update: UpdateDefinition<SubscriptionState, []> | UpdateDefinition<SubscriptionState, [ChangePlanRequest]>,
  ...args: [] | [ChangePlanRequest]
): Promise<SubscriptionState> {
  const handle = temporalOf(deps).client.workflow.getHandle(subscriptionWorkflowId(userId));
  try {
    const [request] = args;
    return await (request
      ? handle.executeUpdate<SubscriptionState, [ChangePlanRequest]>(update.name, { args: [request] })
      : handle.executeUpdate<SubscriptionState, []>(update.name));
  } catch (error) {
    if (error instanceof WorkflowNotFoundError || isCompletedError(error)) throw new SubscriptionNotRunning();
    if (error instanceof WorkflowUpdateFailedError) throw refusalOf(error);
    throw error;
  }
}

/**
 * The same update for a subscription whose lifecycle should be running
 * (`state`): if its workflow is not (its start was lost), starts it from
 * `state` and sends the update to it.
 */
export async function updateRunningSubscription(
  deps: SubscriptionDeps,
  state: SubscriptionState,
  update: UpdateDefinition<SubscriptionState, []> | UpdateDefinition<SubscriptionState, [ChangePlanRequest]>,
  ...args: [] | [ChangePlanRequest]
): Promise<SubscriptionState> {
  try {
    return await updateSubscription(deps, state.userId, update, ...args);
  } catch (error) {
    if (!(error instanceof SubscriptionNotRunning)) throw error;
    await startSubscriptionWorkflow(deps, state);
    return updateSubscription(deps, state.userId, update, ...args);
  }
}

function isCompletedError(error: unknown): boolean {
  return error instanceof Error && /already completed|not found/i.test(error.message);
}

function refusalOf(error: WorkflowUpdateFailedError): Error {
  for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ApplicationFailure && isErrorCode(cause.type))
      return new AppError(cause.type, cause.message);
  }
  return BILLING_ERRORS.busy();
}
