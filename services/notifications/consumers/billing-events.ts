import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import type { NotificationDraft } from '../commands/record-notifications';
import type { NotificationsDeps } from '../deps';
import { eachOnItsOwn, notifyingConsumer } from './notifying-consumer';

/** billing.events → the subscriber: a renewal coming up, and every change of their subscription. */
export function createBillingEventsConsumer(deps: NotificationsDeps, logger: Logger): EventHandler {
  return notifyingConsumer({
    name: 'notifications.billing-events',
    topics: [TOPICS.billingEvents],
    deps,
    logger,
    draftsFor: eachOnItsOwn(async (event) => billingEventDrafts(event)),
  });
}

// What each change (SubscriptionChanged.change) is called in a title.
const CHANGE_TITLES: Record<string, string> = {
  subscribed: 'Subscription started',
  renewed: 'Subscription renewed',
  upgraded: 'Plan upgraded',
  downgrade_scheduled: 'Downgrade scheduled',
  downgraded: 'Plan downgraded',
  canceled: 'Subscription canceled',
  resumed: 'Subscription resumed',
  past_due: 'Payment failed',
  expired: 'Subscription expired',
};

export function billingEventDrafts(event: Event): NotificationDraft[] {
  const { payload } = event;
  switch (payload.case) {
    case 'subscriptionRenewalDue': {
      const due = payload.value;
      return [
        {
          userId: due.userId,
          kind: 'subscription.renewal_due',
          title: 'Subscription renews soon',
          body: `Your ${due.planSlug} plan renews on ${day(due.periodEnd)} for ${(due.amountCents / 100).toFixed(2)}.`,
          subjectId: due.userId,
          data: { plan: due.planSlug },
        },
      ];
    }
    case 'subscriptionChanged': {
      const changed = payload.value;
      const until = changed.periodEnd ? ` The current period ends on ${day(changed.periodEnd)}.` : '';
      return [
        {
          userId: changed.userId,
          kind: 'subscription.changed',
          title: CHANGE_TITLES[changed.change] ?? 'Subscription changed',
          body: `Your plan is ${changed.planSlug} (${changed.status.replace('_', ' ')}).${until}`,
          subjectId: changed.userId,
          data: { plan: changed.planSlug, status: changed.status, change: changed.change },
        },
      ];
    }
    default:
      return [];
  }
}

/** A UTC day, as plain text (the client shows it in the reader's own zone if it wants to). */
const day = (timestamp: Timestamp | undefined) =>
  timestamp ? timestampDate(timestamp).toISOString().slice(0, 10) : 'the end of the period';
