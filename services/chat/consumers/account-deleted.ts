import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { isUserId } from '../../internal/user-id';
import { forgetAccount } from '../commands/forget-account';
import type { ChatDeps } from '../deps';

/**
 * auth.events account.deleted → the account leaves every channel and its
 * messages are erased (commands/forget-account.ts). account-deletion:<userId>
 * records the event as its account step commits
 * (docs/durable-processes.md#account-deletion). Idempotent: a redelivery
 * finds nothing left to change.
 */
export function createAccountDeletedConsumer(deps: Pick<ChatDeps, 'db'>, logger: Logger): EventHandler {
  return {
    name: 'chat.account-deleted',
    topics: [TOPICS.authEvents],
    async handle(event: Event) {
      if (event.payload.case !== 'accountDeleted') return;
      const userId = event.payload.value.userId.toLowerCase();
      if (!isUserId(userId)) {
        logger.warn({ eventId: event.id, userId }, 'account.deleted without a valid user id; ignored');
        return;
      }
      const forgotten = await forgetAccount({ deps, userId, actorId: event.actorUserId });
      if (forgotten.channels > 0)
        logger.info(
          { userId, ...forgotten },
          'removed a deleted account from its channels and erased its messages',
        );
    },
  };
}
