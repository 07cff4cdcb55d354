import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { subscribeNewUser } from '../commands/subscribe-new-user';
import type { BillingDeps } from '../deps';
import { isUserId } from '../../internal/user-id';

/**
 * Gives every new user a subscription on the default plan. Idempotent by user:
 * a redelivered `user.signed_up` finds the subscription and changes nothing.
 */
export function createNewUserSubscriptionConsumer(deps: BillingDeps, logger: Logger): EventHandler {
  return {
    name: 'billing.new-user-subscription',
    topics: [TOPICS.authEvents],
    async handle(event: Event) {
      if (event.payload.case !== 'userSignedUp') return;
      const { userId } = event.payload.value;
      // A malformed id must not wedge the partition: there is no user to subscribe.
      if (!isUserId(userId)) {
        logger.warn({ eventId: event.id, userId }, 'user.signed_up without a valid user id; no subscription');
        return;
      }
      const subscribed = await subscribeNewUser({ deps, userId });
      if (!subscribed) logger.debug({ eventId: event.id, userId }, 'user already subscribed; event ignored');
    },
  };
}
