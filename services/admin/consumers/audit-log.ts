import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Database } from '../../internal/db';
import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { isUserId } from '../../internal/user-id';
import { adminStore } from '../store';

/** Writes one audit-log row per domain event; a redelivered event finds its row and changes nothing. */
export function createAuditLogConsumer(db: Database, logger: Logger): EventHandler {
  return {
    name: 'admin.audit-log',
    topics: [TOPICS.authEvents],
    async handle(event: Event) {
      // A malformed actor must not wedge the partition: keep the entry, flag the actor.
      const actorIsValid = isUserId(event.actorUserId);
      if (event.actorUserId && !actorIsValid)
        logger.warn({ eventId: event.id, actor: event.actorUserId }, 'event actor is not a user id');
      const recorded = await adminStore.recordAuditEntry(db, {
        eventId: event.id,
        action: event.type,
        actorUserId: actorIsValid ? event.actorUserId : null,
        subjectId: subjectOf(event),
        data:
          actorIsValid || !event.actorUserId
            ? dataOf(event)
            : { ...dataOf(event), invalidActor: event.actorUserId },
        occurredAt: event.occurredAt ? timestampDate(event.occurredAt) : new Date(),
      });
      if (!recorded) logger.debug({ eventId: event.id }, 'duplicate event ignored');
    },
  };
}

function subjectOf(event: Event): string | null {
  switch (event.payload.case) {
    case 'userSignedUp':
      return event.payload.value.userId;
    default:
      return null;
  }
}

function dataOf(event: Event): Record<string, unknown> {
  switch (event.payload.case) {
    case 'userSignedUp':
      return { email: event.payload.value.email, displayName: event.payload.value.displayName };
    default:
      return {};
  }
}
