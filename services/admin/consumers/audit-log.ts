import { toJson, type DescMessage } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { EventSchema } from '../../../proto/gen/events/v1/events_pb.js';
import type { Database } from '../../internal/db';
import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event, EventCase, EventPayload } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { isUserId } from '../../internal/user-id';
import { adminStore } from '../store';

type PayloadOf<C extends EventCase> = Extract<EventPayload, { case: C }>['value'];

/**
 * The security-relevant and admin events the audit log records, each with
 * the id of what it is about (its subject). Adding an audited event is one
 * line here (and its topic in AUDITED_TOPICS if it is a new one); the
 * entry's data is the event's payload as JSON. Other events are skipped.
 */
export const AUDITED_EVENTS: { [C in EventCase]?: (payload: PayloadOf<C>) => string } = {
  userSignedUp: (payload) => payload.userId,
  userRoleChanged: (payload) => payload.userId,
  userDisabled: (payload) => payload.userId,
  userEnabled: (payload) => payload.userId,
  loginFailureBurst: (payload) => payload.userId,
  userEmailVerified: (payload) => payload.userId,
  // Plan changes: subscribed, upgraded, downgraded, canceled, renewed, expired.
  subscriptionChanged: (payload) => payload.userId,
  // Recorded without the deleted user's id (no subject, no payload): the
  // entry may be written after the deletion anonymised the user's entries.
  accountDeleted: () => '',
  // Public links (files.events): the subject is the link, the payload names its file.
  linkCreated: (payload) => payload.linkId,
  linkRevoked: (payload) => payload.linkId,
  // Shares (files.events): the subject is the share, the payload names its item and address.
  shareCreated: (payload) => payload.shareId,
  shareRevoked: (payload) => payload.shareId,
  shareRoleChanged: (payload) => payload.shareId,
};

/** Events whose payload names a person the log must not keep. */
const RECORDED_WITHOUT_PAYLOAD = new Set<EventCase>(['accountDeleted']);

/**
 * Payload fields the log never keeps: a share's address may belong to an
 * account that is later deleted, and the append-only log can only anonymise
 * entries by user id. The share itself (files.shares) keeps the address the
 * owner typed; the entry keeps the share id, the item and the role.
 */
const UNRECORDED_FIELDS: { [C in EventCase]?: string[] } = {
  // The grantee's account id too: anonymisation finds entries by actor and subject only.
  shareCreated: ['granteeEmail', 'granteeId'],
  shareRevoked: ['granteeEmail'],
  shareRoleChanged: ['granteeEmail', 'granteeId'],
};

export const AUDITED_TOPICS = [
  TOPICS.authEvents,
  TOPICS.auditEvents,
  TOPICS.billingEvents,
  TOPICS.filesEvents,
];

const PAYLOAD_SCHEMAS = new Map<string, DescMessage>(
  EventSchema.fields.flatMap((field) => (field.message ? [[field.localName, field.message]] : [])),
);

/** Writes one audit-log row per audited event; a redelivered event finds its row and changes nothing. */
export function createAuditLogConsumer(db: Database, logger: Logger): EventHandler {
  return {
    name: 'admin.audit-log',
    topics: AUDITED_TOPICS,
    async handle(event: Event) {
      const { payload } = event;
      if (!payload.case) return;
      const subjectOf = AUDITED_EVENTS[payload.case] as ((value: unknown) => string) | undefined;
      if (!subjectOf) return;
      // A malformed actor must not wedge the partition: keep the entry, flag the actor.
      const actorIsValid = isUserId(event.actorUserId);
      if (event.actorUserId && !actorIsValid)
        logger.warn({ eventId: event.id, actor: event.actorUserId }, 'event actor is not a user id');
      const data = RECORDED_WITHOUT_PAYLOAD.has(payload.case)
        ? {}
        : withoutFields(
            toJson(PAYLOAD_SCHEMAS.get(payload.case)!, payload.value) as Record<string, unknown>,
            UNRECORDED_FIELDS[payload.case] ?? [],
          );
      const recorded = await adminStore.recordAuditEntry(db, {
        eventId: event.id,
        action: event.type,
        actorUserId: actorIsValid ? event.actorUserId : null,
        subjectId: subjectOf(payload.value) || null,
        data: actorIsValid || !event.actorUserId ? data : { ...data, invalidActor: event.actorUserId },
        occurredAt: event.occurredAt ? timestampDate(event.occurredAt) : new Date(),
      });
      if (!recorded) logger.debug({ eventId: event.id }, 'duplicate event ignored');
    },
  };
}

function withoutFields(data: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([field]) => !fields.includes(field)));
}
