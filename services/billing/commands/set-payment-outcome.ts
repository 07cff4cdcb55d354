import { isUserId } from '../../internal/user-id';
import { BILLING_ERRORS } from '../errors';
import { setTestPaymentOutcome } from '../payments/test-provider';
import type { SubscriptionDeps } from '../subscription-deps';
import { subscriptionStore } from '../subscription-store';
import { getSubscription, type SubscriptionView } from './get-subscription';

/** Admin: what the test payment provider answers for this user's next charges. */
export async function setPaymentOutcome(props: {
  deps: SubscriptionDeps;
  userId: string;
  outcome: string;
}): Promise<SubscriptionView> {
  const { deps, userId } = props;
  if (!isUserId(userId)) throw BILLING_ERRORS.invalidUserId();
  if (props.outcome !== 'succeed' && props.outcome !== 'fail')
    throw BILLING_ERRORS.invalidRequest([{ field: 'paymentOutcome', message: 'must be succeed or fail' }]);
  if (!(await subscriptionStore.load(deps.db, userId))) throw BILLING_ERRORS.subscriptionNotFound();
  await setTestPaymentOutcome(deps.db, userId, props.outcome);
  return getSubscription({ deps, userId });
}
