import type { SubscriptionState } from '../../../workflows/subscription/contract';
import type { BillingDeps } from '../deps';
import { subscriptionState, subscriptionStore } from '../subscription-store';

/** The subscription as the workflow sees it; null when the user has none. */
export async function loadSubscription(props: {
  deps: BillingDeps;
  userId: string;
}): Promise<SubscriptionState | null> {
  const loaded = await subscriptionStore.load(props.deps.db, props.userId);
  return loaded ? subscriptionState(loaded) : null;
}
