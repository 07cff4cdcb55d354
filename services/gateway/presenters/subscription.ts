import { timestampDate } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { Subscription } from '../../../proto/gen/billing/v1/billing_pb.js';
import { AppError } from '../../internal/errors';
import { PlanSchema, presentPlan } from './plan';

export const SubscriptionSchema = z
  .object({
    plan: PlanSchema,
    status: z
      .enum(['active', 'past_due', 'canceled', 'expired'])
      .describe('canceled: ends at the period end; past_due: the renewal is unpaid and being retried'),
    currentPeriodStart: z.iso.datetime(),
    currentPeriodEnd: z.iso.datetime(),
    cancelAtPeriodEnd: z.boolean(),
    nextCharge: z
      .object({ amountCents: z.number().int(), at: z.iso.datetime() })
      .nullable()
      .describe('null when nothing will be charged (a free plan, a canceled or expired subscription)'),
    scheduledPlan: PlanSchema.nullable().describe(
      'a cheaper plan chosen mid-period, which starts at the period end',
    ),
  })
  .meta({ id: 'Subscription' });
export type SubscriptionBody = z.infer<typeof SubscriptionSchema>;

export const AdminSubscriptionSchema = SubscriptionSchema.extend({ userId: z.uuid() }).meta({
  id: 'AdminSubscription',
});

const iso = (value: Subscription['currentPeriodStart']) => {
  if (!value) throw new AppError('internal', 'the billing service answered a subscription without a period');
  return timestampDate(value).toISOString();
};

export function presentSubscription(subscription: Subscription | undefined): SubscriptionBody {
  if (!subscription) throw new AppError('internal', 'the billing service answered without a subscription');
  return {
    plan: presentPlan(subscription.plan),
    status: subscription.status as SubscriptionBody['status'],
    currentPeriodStart: iso(subscription.currentPeriodStart),
    currentPeriodEnd: iso(subscription.currentPeriodEnd),
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
    nextCharge: subscription.nextCharge
      ? { amountCents: subscription.nextCharge.amountCents, at: iso(subscription.nextCharge.at) }
      : null,
    scheduledPlan: subscription.scheduledPlan ? presentPlan(subscription.scheduledPlan) : null,
  };
}

export function presentAdminSubscription(subscription: Subscription | undefined) {
  return { userId: subscription?.userId ?? '', ...presentSubscription(subscription) };
}
