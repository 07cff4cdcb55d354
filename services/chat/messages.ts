import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ChannelSchema, MessageSchema, type Channel, type Message } from '../../proto/gen/chat/v1/chat_pb.js';
import { ChatMessageSchema, type ChatMessage } from '../../proto/gen/events/v1/events_pb.js';
import type { AttachmentRow, ChannelRow, MemberRow, MessageRow } from './store';

// Rows as their gRPC and event messages, for every command of the service.

const optionalTime = (value: Date | null) => (value ? timestampFromDate(value) : undefined);

export function channelMessage(channel: ChannelRow, members: MemberRow[]): Channel {
  return create(ChannelSchema, {
    id: channel.id,
    type: channel.type,
    name: channel.name ?? '',
    members: members.map((member) => ({
      userId: member.user_id,
      role: member.role,
      joinedAt: timestampFromDate(member.joined_at),
    })),
    lastSeq: BigInt(channel.last_seq),
    createdAt: timestampFromDate(channel.created_at),
  });
}

export function messageMessage(message: MessageRow, attachments: AttachmentRow[]): Message {
  return create(MessageSchema, {
    id: message.id,
    channelId: message.channel_id,
    seq: BigInt(message.seq),
    senderId: message.sender_id,
    body: message.body ?? '',
    attachments: message.deleted_at
      ? []
      : attachments.map((attachment) => ({
          fileId: attachment.file_id,
          name: attachment.name,
          size: BigInt(attachment.size),
          contentType: attachment.content_type,
        })),
    mentionedUserIds: message.mentioned_user_ids,
    createdAt: timestampFromDate(message.created_at),
    editedAt: optionalTime(message.edited_at),
    deleted: message.deleted_at !== null,
    clientMessageId: message.client_message_id ?? '',
  });
}

/** The message as its events carry it; `seq` is the seq of the event carrying this state. */
export function eventChatMessage(
  message: MessageRow,
  attachments: AttachmentRow[],
  seq: bigint,
): ChatMessage {
  return create(ChatMessageSchema, {
    id: message.id,
    channelId: message.channel_id,
    seq,
    senderId: message.sender_id,
    body: message.body ?? '',
    attachmentFileIds: message.deleted_at ? [] : attachments.map((attachment) => attachment.file_id),
    mentionedUserIds: message.mentioned_user_ids,
    createdAt: timestampFromDate(message.created_at),
    editedAt: optionalTime(message.edited_at),
    deleted: message.deleted_at !== null,
  });
}

/** Attachments grouped by message id. */
export function attachmentsByMessage(rows: AttachmentRow[]): Map<string, AttachmentRow[]> {
  const grouped = new Map<string, AttachmentRow[]>();
  for (const row of rows) grouped.set(row.message_id, [...(grouped.get(row.message_id) ?? []), row]);
  return grouped;
}
