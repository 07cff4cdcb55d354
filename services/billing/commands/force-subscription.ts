import {
  forceExpiryUpdate,
  forceRenewalUpdate,
  runsLifecycle,
} from '../../../workflows/subscription/contract';
import { isUserId } from '../../internal/user-id';
import { BILLING_ERRORS } from '../errors';
import type { SubscriptionDeps } from '../subscription-deps';
import { updateRunningSubscription } from '../subscription-process';
import { subscriptionState, subscriptionStore } from '../subscription-store';
import { getSubscription, type SubscriptionView } from './get-subscription';

/**
 * Admin: renew (charge now, the next period starts now) or expire now a
 * running paid subscription, through its workflow, which answers once done.
 */
export async function forceSubscription(props: {
  deps: SubscriptionDeps;
  userId: string;
  action: 'renew' | 'expire';
}): Promise<SubscriptionView> {
  const { deps, userId } = props;
  if (!isUserId(userId)) throw BILLING_ERRORS.invalidUserId();
  const loaded = await subscriptionStore.load(deps.db, userId);
  if (!loaded) throw BILLING_ERRORS.subscriptionNotFound();
  const state = subscriptionState(loaded);
  if (!runsLifecycle(state)) throw BILLING_ERRORS.noRunningSubscription();
  const update = props.action === 'renew' ? forceRenewalUpdate : forceExpiryUpdate;
  await updateRunningSubscription(deps, state, update);
  return getSubscription({ deps, userId });
}
