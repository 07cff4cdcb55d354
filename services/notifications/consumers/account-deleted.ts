import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { isUserId } from '../../internal/user-id';
import { forgetUser } from '../commands/forget-user';
import type { NotificationsDeps } from '../deps';

/**
 * auth.events account.deleted → the account's notifications and channel
 * levels are deleted. account-deletion:<userId> records the event as its
 * account step commits, for consumers that keep something about the user
 * (docs/durable-processes.md#account-deletion); what is kept here is derived
 * from events, so no workflow step is needed. Idempotent.
 */
export function createAccountDeletedConsumer(deps: NotificationsDeps, logger: Logger): EventHandler {
  return {
    name: 'notifications.account-deleted',
    topics: [TOPICS.authEvents],
    async handle(event: Event) {
      if (event.payload.case !== 'accountDeleted') return;
      const { userId } = event.payload.value;
      if (!isUserId(userId)) {
        logger.warn({ eventId: event.id, userId }, 'account.deleted without a valid user id; ignored');
        return;
      }
      const deleted = await forgetUser({ deps, userId });
      if (deleted > 0) logger.info({ userId, deleted }, "deleted a deleted account's notifications");
    },
  };
}
