import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import type { TopicSpec } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { isUserId } from '../../internal/user-id';
import { recordNotifications, type NotificationDraft } from '../commands/record-notifications';
import type { NotificationsDeps } from '../deps';

/**
 * A consumer that turns each event it cares about into notifications
 * (`draftsFor` answers none for the others) and stores them once per event
 * id. A draft for a malformed user id is dropped with a warning: it must not
 * wedge the partition.
 */
export function notifyingConsumer(options: {
  name: string;
  topics: TopicSpec[];
  deps: NotificationsDeps;
  logger: Logger;
  draftsFor(event: Event): Promise<NotificationDraft[]>;
}): EventHandler {
  const { name, deps, logger } = options;
  return {
    name,
    topics: options.topics,
    async handle(event) {
      const drafts = (await options.draftsFor(event)).filter((draft) => {
        if (isUserId(draft.userId)) return true;
        logger.warn(
          { eventId: event.id, userId: draft.userId },
          `${event.type} names no valid user; skipped`,
        );
        return false;
      });
      if (drafts.length === 0) return;
      const stored = await recordNotifications({ deps, consumer: name, event, drafts });
      if (stored === 0)
        logger.debug({ eventId: event.id, consumer: name }, 'event already notified; ignored');
    },
  };
}
