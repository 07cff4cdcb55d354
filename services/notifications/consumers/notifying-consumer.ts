import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import type { TopicSpec } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { isUserId } from '../../internal/user-id';
import { recordNotifications, type NotificationDraft } from '../commands/record-notifications';
import type { NotificationsDeps } from '../deps';

/** The drafts of each event, in the events' order. */
export type BatchDrafts = (events: Event[]) => Promise<NotificationDraft[][]>;

/** For consumers whose events need nothing read together: each event's drafts on its own. */
export function eachOnItsOwn(draftsOf: (event: Event) => Promise<NotificationDraft[]>): BatchDrafts {
  return async (events) => {
    const drafts: NotificationDraft[][] = [];
    for (const event of events) drafts.push(await draftsOf(event));
    return drafts;
  };
}

/**
 * A consumer that turns each event it cares about into notifications
 * (`draftsFor` answers none for the others) and stores them once per event
 * id. It takes a fetched batch at a time, so `draftsFor` can read what all of
 * its events need at once (chat reads the members' levels with one query per
 * batch, not one per message). A draft for a malformed user id is dropped
 * with a warning: it must not wedge the partition.
 */
export function notifyingConsumer(options: {
  name: string;
  topics: TopicSpec[];
  deps: NotificationsDeps;
  logger: Logger;
  draftsFor: BatchDrafts;
}): EventHandler {
  const { name, deps, logger } = options;
  const store = async (event: Event, eventDrafts: NotificationDraft[]) => {
    const drafts = eventDrafts.filter((draft) => {
      if (isUserId(draft.userId)) return true;
      logger.warn({ eventId: event.id, userId: draft.userId }, `${event.type} names no valid user; skipped`);
      return false;
    });
    if (drafts.length === 0) return;
    const stored = await recordNotifications({ deps, consumer: name, event, drafts });
    if (stored === 0) logger.debug({ eventId: event.id, consumer: name }, 'event already notified; ignored');
  };
  const handleBatch = async (events: Event[]) => {
    const drafts = await options.draftsFor(events);
    for (const [index, event] of events.entries()) await store(event, drafts[index] ?? []);
  };
  return {
    name,
    topics: options.topics,
    handle: (event) => handleBatch([event]),
    handleBatch,
  };
}
