import { randomUUID } from 'node:crypto';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EventSchema, type Event } from '../../../proto/gen/events/v1/events_pb.js';

export type { Event };
export type EventPayload = Exclude<Event['payload'], { case: undefined }>;
export type EventCase = EventPayload['case'];

// The dotted names events are known by in logs, headers and the audit log.
export const EVENT_TYPES: Record<EventCase, string> = {
  userSignedUp: 'user.signed_up',
  fileReady: 'file.ready',
  filePurged: 'file.purged',
  accountDeleted: 'account.deleted',
  subscriptionRenewalDue: 'subscription.renewal_due',
  subscriptionChanged: 'subscription.changed',
  userRoleChanged: 'user.role_changed',
  userDisabled: 'user.disabled',
  userEnabled: 'user.enabled',
  loginFailureBurst: 'auth.login_failures',
  userEmailVerified: 'user.email_verified',
  shareCreated: 'share.created',
  shareRevoked: 'share.revoked',
  shareRoleChanged: 'share.role_changed',
  shareClaimed: 'share.claimed',
  linkCreated: 'link.created',
  linkRevoked: 'link.revoked',
  messagePosted: 'message.created',
  messageEdited: 'message.updated',
  messageDeleted: 'message.deleted',
  channelRead: 'channel.read',
  channelMembersChanged: 'channel.members_changed',
  notificationCreated: 'notification.created',
};

export function newEvent(payload: EventPayload, actorUserId: string, occurredAt = new Date()): Event {
  return create(EventSchema, {
    id: randomUUID(),
    type: EVENT_TYPES[payload.case],
    occurredAt: timestampFromDate(occurredAt),
    actorUserId,
    payload,
  });
}

export function encodeEvent(event: Event): Buffer {
  return Buffer.from(toBinary(EventSchema, event));
}

export function decodeEvent(bytes: Uint8Array): Event {
  return fromBinary(EventSchema, bytes);
}
