import { cancelUpdate, runsLifecycle } from '../../../workflows/subscription/contract';
import { isUserId } from '../../internal/user-id';
import { BILLING_ERRORS } from '../errors';
import type { SubscriptionDeps } from '../subscription-deps';
import { updateRunningSubscription } from '../subscription-process';
import { subscriptionState, subscriptionStore } from '../subscription-store';
import { getSubscription, type SubscriptionView } from './get-subscription';

/**
 * DELETE /v1/subscription: the paid subscription ends at its period end (the
 * workflow's cancel update). A free or ended one has nothing to cancel.
 */
export async function cancelSubscription(props: {
  deps: SubscriptionDeps;
  userId: string;
}): Promise<SubscriptionView> {
  const { deps, userId } = props;
  if (!isUserId(userId)) throw BILLING_ERRORS.invalidUserId();
  const loaded = await subscriptionStore.load(deps.db, userId);
  if (!loaded) throw BILLING_ERRORS.subscriptionNotFound();
  const state = subscriptionState(loaded);
  if (!runsLifecycle(state)) throw BILLING_ERRORS.notCancelable();
  if (!loaded.row.cancel_at_period_end) await updateRunningSubscription(deps, state, cancelUpdate);
  return getSubscription({ deps, userId });
}
