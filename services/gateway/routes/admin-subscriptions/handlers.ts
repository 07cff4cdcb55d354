import type { z } from 'zod';
import { presentAdminSubscription } from '../../presenters/subscription';
import type { HandlerContext } from '../../route';
import type { Subscription } from '../../../../proto/gen/billing/v1/billing_pb.js';
import type { ListSubscriptionsQuery, PatchSubscriptionBody, SubscriptionPage, UserIdParams } from './schema';

export async function listSubscriptions({
  koa,
  query,
  services,
}: HandlerContext<undefined, ListSubscriptionsQuery, undefined>) {
  const page = await services.billing.listSubscriptions({
    status: query.status ?? '',
    plan: query.plan ?? '',
    limit: query.limit,
    cursor: query.cursor ?? '',
  });
  koa.body = {
    items: page.subscriptions.map(presentAdminSubscription),
    nextCursor: page.nextCursor || null,
  } satisfies z.infer<typeof SubscriptionPage>;
}

/** The payment outcome first, so a forced renewal in the same request already uses it. */
export async function patchSubscription({
  koa,
  params,
  body,
  services,
}: HandlerContext<PatchSubscriptionBody, undefined, UserIdParams>) {
  const { userId } = params;
  let answer: Subscription | undefined;
  if (body.paymentOutcome)
    ({ subscription: answer } = await services.billing.setPaymentOutcome({
      userId,
      outcome: body.paymentOutcome,
    }));
  if (body.action === 'renew') ({ subscription: answer } = await services.billing.forceRenewal({ userId }));
  if (body.action === 'expire') ({ subscription: answer } = await services.billing.forceExpiry({ userId }));
  koa.body = presentAdminSubscription(answer);
}
