import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { ChatMessage } from '../../../proto/gen/events/v1/events_pb.js';
import { decodeEvent } from '../../internal/kafka/events';

const iso = (value: Timestamp | undefined) => (value ? timestampDate(value).toISOString() : null);

// A channel event (as stored for catch-up and sent on chat.events) in the
// shape clients receive: the REST catch-up answers it, and it is the frame
// a WebSocket pushes ({type, seq, channelId, data}).
export const ChannelEventSchema = z
  .object({
    type: z.enum([
      'message.created',
      'message.updated',
      'message.deleted',
      'channel.read',
      'channel.members_changed',
    ]),
    seq: z.number().int(),
    channelId: z.uuid(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'ChannelEvent' });
export type ChannelEventView = z.infer<typeof ChannelEventSchema>;

/** A chat message as an event carries it (seq: the event's). */
function eventMessage(message: ChatMessage | undefined) {
  if (!message) return {};
  return {
    id: message.id,
    channelId: message.channelId,
    senderId: message.senderId,
    body: message.deleted ? null : message.body,
    attachmentFileIds: message.attachmentFileIds,
    mentionedUserIds: message.mentionedUserIds,
    createdAt: iso(message.createdAt),
    editedAt: iso(message.editedAt),
    deleted: message.deleted,
  };
}

/** An encoded streamhub.events.v1.Event of a channel as the client's frame; undefined for another kind. */
export function presentChannelEvent(bytes: Uint8Array): ChannelEventView | undefined {
  const event = decodeEvent(bytes);
  const { payload } = event;
  const type = event.type as ChannelEventView['type'];
  switch (payload.case) {
    case 'messagePosted':
    case 'messageEdited':
    case 'messageDeleted': {
      const message = payload.value.message;
      return {
        type,
        seq: Number(message?.seq ?? 0),
        channelId: message?.channelId ?? '',
        data: { message: eventMessage(message) },
      };
    }
    case 'channelRead':
      return {
        type,
        seq: Number(payload.value.seq),
        channelId: payload.value.channelId,
        data: {
          userId: payload.value.userId,
          messageId: payload.value.messageId,
          readSeq: Number(payload.value.readSeq),
        },
      };
    case 'channelMembersChanged':
      return {
        type,
        seq: Number(payload.value.seq),
        channelId: payload.value.channelId,
        data: {
          memberIds: payload.value.memberIds,
          addedUserIds: payload.value.addedUserIds,
          removedUserIds: payload.value.removedUserIds,
        },
      };
    default:
      return undefined;
  }
}
