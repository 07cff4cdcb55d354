import { createHash } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { SubscriptionRenewalDueSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import type { BillingDeps } from '../deps';
import { subscriptionStore } from '../subscription-store';

/**
 * Puts `subscription.renewal_due` on Kafka (through billing's outbox) for the
 * period ending at `periodEnd`. The event id is derived from the user and the
 * period, so a repeated activity sends the same event and consumers, who
 * deduplicate by id, notify once. Nothing is sent for a period that is no
 * longer the current one or will not be charged.
 */
export async function sendRenewalReminder(props: {
  deps: BillingDeps;
  userId: string;
  periodEnd: string;
}): Promise<boolean> {
  const { deps, userId } = props;
  const loaded = await subscriptionStore.load(deps.db, userId);
  if (!loaded) return false;
  const { row } = loaded;
  const next = loaded.scheduledPlan ?? loaded.plan;
  const due =
    row.status === 'active' &&
    !row.cancel_at_period_end &&
    next.price_cents > 0 &&
    row.current_period_end?.getTime() === Date.parse(props.periodEnd);
  if (!due) return false;
  const event = newEvent(
    {
      case: 'subscriptionRenewalDue',
      value: create(SubscriptionRenewalDueSchema, {
        userId,
        planSlug: next.slug,
        amountCents: next.price_cents,
        periodEnd: timestampFromDate(row.current_period_end!),
      }),
    },
    userId,
  );
  event.id = reminderEventId(userId, props.periodEnd);
  await deps.db.transaction(async (trx) => {
    await trx.withSchema('billing').table('outbox').where({ id: event.id }).delete();
    await enqueueEvent(trx, 'billing', { topic: TOPICS.billingEvents, key: userId, event });
  });
  return true;
}

/** A UUID fixed by the user and the period. */
export function reminderEventId(userId: string, periodEnd: string): string {
  const hex = createHash('sha256').update(`renewal-reminder:${userId}:${periodEnd}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
