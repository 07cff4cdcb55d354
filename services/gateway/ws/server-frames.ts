import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import type { ChatMessage } from '../../../proto/gen/events/v1/events_pb.js';
import type { Event } from '../../internal/kafka/events';
import { messageEventOf } from '../../internal/kafka/channel-events';

/** What the gateway pushes: `{type, seq?, channelId?, data}` (docs/messaging.md#frames). */
export interface ServerFrame {
  type: string;
  seq?: number;
  channelId?: string;
  data: Record<string, unknown>;
}

/** A domain event ready for fan-out: serialised once, whatever the number of sockets. */
export interface RoutedEvent {
  channelId?: string;
  /** The channel's seq: what catch-up and duplicate suppression go by. */
  seq?: number;
  recipients: string[];
  /** Users who leave the channel with this event: their sockets stop tracking it. */
  leavers?: string[];
  json: string;
}

const iso = (timestamp: Timestamp | undefined) => (timestamp ? timestampDate(timestamp).toISOString() : null);

function messageData(message: ChatMessage | undefined): Record<string, unknown> {
  if (!message) return {};
  return {
    id: message.id,
    channelId: message.channelId,
    seq: Number(message.seq),
    senderId: message.senderId,
    body: message.body,
    attachmentFileIds: message.attachmentFileIds,
    mentionedUserIds: message.mentionedUserIds,
    createdAt: iso(message.createdAt),
    editedAt: iso(message.editedAt),
    deleted: message.deleted,
  };
}

function routed(frame: ServerFrame, recipients: string[]): RoutedEvent {
  return { channelId: frame.channelId, seq: frame.seq, recipients, json: JSON.stringify(frame) };
}

/** The frame and recipients of an event a socket may see; undefined for every other event. */
export function routeEvent(event: Event): RoutedEvent | undefined {
  const messageEvent = messageEventOf(event);
  if (messageEvent) {
    const { message, memberIds } = messageEvent;
    const frame = { type: event.type, seq: Number(message.seq), channelId: message.channelId };
    return routed({ ...frame, data: messageData(message) }, memberIds);
  }
  const { payload } = event;
  switch (payload.case) {
    case 'channelRead': {
      const { channelId, userId, messageId, readSeq, seq, memberIds } = payload.value;
      const data = { userId, messageId, readSeq: Number(readSeq) };
      return routed({ type: event.type, seq: Number(seq), channelId, data }, memberIds);
    }
    case 'channelMembersChanged': {
      const { channelId, seq, memberIds, addedUserIds, removedUserIds } = payload.value;
      const data = { memberIds, addedUserIds, removedUserIds };
      // The removed learn they left; they get nothing of the channel after this.
      const recipients = [...new Set([...memberIds, ...removedUserIds])];
      return {
        ...routed({ type: event.type, seq: Number(seq), channelId, data }, recipients),
        leavers: removedUserIds,
      };
    }
    case 'notificationCreated': {
      const { notificationId, userId, kind, title, body, subjectId, createdAt } = payload.value;
      const data = { id: notificationId, kind, title, body, subjectId, createdAt: iso(createdAt) };
      return routed({ type: event.type, data }, [userId]);
    }
    case 'fileReady': {
      const { fileId, ownerId, version, size, name } = payload.value;
      return routed({ type: event.type, data: { fileId, version, size: Number(size), name } }, [ownerId]);
    }
    case 'filePurged': {
      const { fileId, ownerId, releasedBytes } = payload.value;
      const data = { fileId, releasedBytes: Number(releasedBytes) };
      return routed({ type: event.type, data }, [ownerId]);
    }
    case 'subscriptionChanged': {
      const { userId, planSlug, status, change, periodEnd } = payload.value;
      const data = { planSlug, status, change, periodEnd: iso(periodEnd) };
      return routed({ type: event.type, data }, [userId]);
    }
    default:
      return undefined;
  }
}
