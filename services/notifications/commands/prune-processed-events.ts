import { TOPICS } from '../../internal/kafka/topics';
import type { NotificationsDeps } from '../deps';
import { notificationsStore } from '../store';

const DAY_MS = 24 * 60 * 60 * 1000;

// An event can be delivered again only while its topic still holds it (a
// group reset to the earliest offset reads back that far), so a claim older
// than the longest retention of the topics consumed, plus a day, guards
// nothing any more.
const CONSUMED_TOPICS = [TOPICS.filesEvents, TOPICS.billingEvents, TOPICS.chatEvents, TOPICS.authEvents];
export const PROCESSED_EVENTS_KEPT_MS =
  Math.max(...CONSUMED_TOPICS.map((topic) => topic.retentionMs)) + DAY_MS;

/** Deletes the claims no redelivery can need; returns how many. */
export async function pruneProcessedEvents(props: {
  deps: Pick<NotificationsDeps, 'db'>;
  now?: Date;
}): Promise<number> {
  const now = props.now ?? new Date();
  return notificationsStore.pruneProcessedEvents(
    props.deps.db,
    new Date(now.getTime() - PROCESSED_EVENTS_KEPT_MS),
  );
}
