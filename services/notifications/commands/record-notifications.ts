import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { NotificationCreatedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import type { Event } from '../../internal/kafka/events';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvents } from '../../internal/outbox/outbox';
import type { NotificationsDeps } from '../deps';
import { notificationsStore, type NotificationRow } from '../store';

/** One notification an event asks for, before it is stored. Plain text, never a secret. */
export interface NotificationDraft {
  userId: string;
  kind: string;
  title: string;
  body: string;
  subjectId: string;
  data?: Record<string, string>;
}

/**
 * Stores the notifications one event produced, exactly once per consumer and
 * event: the event's claim, the notifications and their notification.created
 * events (outbox → notifications.events, keyed by user) commit together. A
 * redelivered event (a crash before the offset commit, a rebalance) finds its
 * claim and stores nothing. Deleted accounts get nothing. Returns how many
 * were stored.
 */
export async function recordNotifications(props: {
  deps: Pick<NotificationsDeps, 'db'>;
  consumer: string;
  event: Event;
  drafts: NotificationDraft[];
}): Promise<number> {
  const { deps, consumer, event } = props;
  return deps.db.transaction(async (trx) => {
    if (!(await notificationsStore.claimEvent(trx, consumer, event.id))) return 0;
    const deleted = await notificationsStore.deletedAmong(
      trx,
      props.drafts.map((draft) => draft.userId),
    );
    // JavaScript's millisecond time, not the database's microseconds: the list's cursor carries it.
    const createdAt = new Date();
    const rows: NotificationRow[] = props.drafts
      .filter((draft) => !deleted.has(draft.userId))
      .map((draft) => ({
        id: randomUUID(),
        user_id: draft.userId,
        kind: draft.kind,
        title: draft.title,
        body: draft.body,
        subject_id: draft.subjectId,
        data: draft.data ?? null,
        source_event_id: event.id,
        created_at: createdAt,
        read_at: null,
      }));
    await notificationsStore.insertNotifications(trx, rows);
    await enqueueEvents(
      trx,
      'notifications',
      rows.map((row) => ({
        topic: TOPICS.notificationEvents,
        key: row.user_id,
        event: newEvent(
          {
            case: 'notificationCreated',
            value: create(NotificationCreatedSchema, {
              notificationId: row.id,
              userId: row.user_id,
              kind: row.kind,
              title: row.title,
              body: row.body,
              subjectId: row.subject_id,
              createdAt: timestampFromDate(createdAt),
              dataJson: row.data ? JSON.stringify(row.data) : '',
            }),
          },
          event.actorUserId,
          createdAt,
        ),
      })),
    );
    return rows.length;
  });
}
