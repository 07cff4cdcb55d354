import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { cancelSubscription } from './commands/cancel-subscription';
import { changePlan } from './commands/change-plan';
import { forceSubscription } from './commands/force-subscription';
import { getSubscription, type SubscriptionView } from './commands/get-subscription';
import { listSubscriptions } from './commands/list-subscriptions';
import { setPaymentOutcome } from './commands/set-payment-outcome';
import { toPlanMessage } from './plan-message';
import type { SubscriptionDeps } from './subscription-deps';

type SubscriptionMethods =
  | 'getSubscription'
  | 'changePlan'
  | 'cancelSubscription'
  | 'listSubscriptions'
  | 'forceRenewal'
  | 'forceExpiry'
  | 'setPaymentOutcome';

/** The subscription RPCs: gRPC <-> commands, nothing else. */
export function createSubscriptionHandlers(
  deps: SubscriptionDeps,
): Pick<ServiceImpl<typeof BillingService>, SubscriptionMethods> {
  const answer = (view: SubscriptionView) => ({ subscription: toSubscriptionMessage(view) });
  return {
    getSubscription: async ({ userId }) => answer(await getSubscription({ deps, userId })),
    changePlan: async ({ userId, plan }) => answer(await changePlan({ deps, userId, plan })),
    cancelSubscription: async ({ userId }) => answer(await cancelSubscription({ deps, userId })),
    forceRenewal: async ({ userId }) => answer(await forceSubscription({ deps, userId, action: 'renew' })),
    forceExpiry: async ({ userId }) => answer(await forceSubscription({ deps, userId, action: 'expire' })),
    setPaymentOutcome: async ({ userId, outcome }) =>
      answer(await setPaymentOutcome({ deps, userId, outcome })),
    async listSubscriptions(request) {
      const page = await listSubscriptions({
        deps,
        status: request.status || undefined,
        plan: request.plan || undefined,
        limit: request.limit,
        cursor: request.cursor || undefined,
      });
      return {
        subscriptions: page.subscriptions.map(toSubscriptionMessage),
        nextCursor: page.nextCursor ?? '',
      };
    },
  };
}

function toSubscriptionMessage(view: SubscriptionView) {
  return {
    userId: view.userId,
    plan: toPlanMessage(view.plan),
    status: view.status,
    currentPeriodStart: timestampFromDate(view.currentPeriodStart),
    currentPeriodEnd: timestampFromDate(view.currentPeriodEnd),
    cancelAtPeriodEnd: view.cancelAtPeriodEnd,
    nextCharge: view.nextCharge
      ? { amountCents: view.nextCharge.amountCents, at: timestampFromDate(view.nextCharge.at) }
      : undefined,
    scheduledPlan: view.scheduledPlan ? toPlanMessage(view.scheduledPlan) : undefined,
  };
}
