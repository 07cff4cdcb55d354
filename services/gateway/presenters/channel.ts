import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { Channel, ChannelSummary, Message } from '../../../proto/gen/chat/v1/chat_pb.js';
import { AppError } from '../../internal/errors';
import { NotificationLevel } from '../routes/notifications/schema';

const iso = (value: Timestamp | undefined) => (value ? timestampDate(value).toISOString() : '');
const isoOrNull = (value: Timestamp | undefined) => (value ? timestampDate(value).toISOString() : null);

export const MemberSchema = z
  .object({ userId: z.uuid(), role: z.enum(['owner', 'member']), joinedAt: z.iso.datetime() })
  .meta({ id: 'ChannelMember' });

export const ChannelSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(['direct', 'group']),
    name: z.string().nullable().describe('null for a direct channel'),
    members: z.array(MemberSchema),
    lastSeq: z.number().int().describe("the seq of the channel's last event (WebSocket catch-up)"),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Channel' });

export const AttachmentSchema = z
  .object({
    fileId: z.uuid(),
    name: z.string(),
    size: z.number().int(),
    contentType: z.string(),
  })
  .meta({ id: 'MessageAttachment', description: 'The file as it was when posted' });

export const MessageSchema = z
  .object({
    id: z.uuid(),
    channelId: z.uuid(),
    seq: z.number().int().describe('the seq of the event that posted it: history order'),
    senderId: z.uuid(),
    body: z.string().nullable().describe('null once deleted'),
    attachments: z.array(AttachmentSchema),
    mentionedUserIds: z.array(z.uuid()),
    createdAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable(),
    deleted: z.boolean(),
    clientMessageId: z.uuid().nullable(),
  })
  .meta({ id: 'Message' });

export const ChannelSummarySchema = ChannelSchema.extend({
  unreadCount: z.number().int().describe('messages after the read position, not yours, not deleted'),
  readSeq: z.number().int().describe('the seq of the last message you read (0: none)'),
  lastMessage: MessageSchema.nullable(),
  lastActivityAt: z.iso.datetime(),
  notificationLevel: NotificationLevel.describe(
    'your notification level for the channel (PUT …/notification-level); mentions until you set one',
  ),
}).meta({ id: 'ChannelSummary' });

export function presentChannel(channel: Channel | undefined): z.infer<typeof ChannelSchema> {
  if (!channel) throw new AppError('internal', 'the chat service answered without a channel');
  return {
    id: channel.id,
    type: channel.type as 'direct' | 'group',
    name: channel.type === 'direct' ? null : channel.name,
    members: channel.members.map((member) => ({
      userId: member.userId,
      role: member.role as 'owner' | 'member',
      joinedAt: iso(member.joinedAt),
    })),
    lastSeq: Number(channel.lastSeq),
    createdAt: iso(channel.createdAt),
  };
}

export function presentMessage(message: Message | undefined): z.infer<typeof MessageSchema> {
  if (!message) throw new AppError('internal', 'the chat service answered without a message');
  return {
    id: message.id,
    channelId: message.channelId,
    seq: Number(message.seq),
    senderId: message.senderId,
    body: message.deleted ? null : message.body,
    attachments: message.attachments.map((attachment) => ({
      fileId: attachment.fileId,
      name: attachment.name,
      size: Number(attachment.size),
      contentType: attachment.contentType,
    })),
    mentionedUserIds: message.mentionedUserIds,
    createdAt: iso(message.createdAt),
    editedAt: isoOrNull(message.editedAt),
    deleted: message.deleted,
    clientMessageId: message.clientMessageId || null,
  };
}

export function presentChannelSummary(
  summary: ChannelSummary,
  notificationLevel: z.infer<typeof NotificationLevel>,
): z.infer<typeof ChannelSummarySchema> {
  return {
    ...presentChannel(summary.channel),
    unreadCount: Number(summary.unreadCount),
    readSeq: Number(summary.readSeq),
    lastMessage: summary.lastMessage ? presentMessage(summary.lastMessage) : null,
    lastActivityAt: iso(summary.lastActivityAt),
    notificationLevel,
  };
}
