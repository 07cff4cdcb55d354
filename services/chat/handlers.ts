import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import { ChannelSummarySchema, type ChatService } from '../../proto/gen/chat/v1/chat_pb.js';
import { addMembers } from './commands/add-members';
import { createChannel } from './commands/create-channel';
import { deleteMessage, editMessage } from './commands/edit-message';
import { getAttachmentDownloadUrl } from './commands/get-attachment-download-url';
import { getChannel } from './commands/get-channel';
import { getMessageStats } from './commands/get-message-stats';
import { listChannelEvents } from './commands/list-channel-events';
import { listChannels } from './commands/list-channels';
import { listMessages } from './commands/list-messages';
import { markRead } from './commands/mark-read';
import { getMembership, listMemberChannelIds } from './commands/membership-queries';
import { postMessage } from './commands/post-message';
import { removeMember } from './commands/remove-member';
import type { ChatDeps } from './deps';
import { channelMessage, messageMessage } from './messages';

// gRPC <-> commands: every rule lives in the commands.
export function createChatHandlers(deps: ChatDeps): ServiceImpl<typeof ChatService> {
  return {
    async createChannel(request) {
      const { channel, members, created } = await createChannel({
        deps,
        userId: request.userId,
        type: request.type,
        name: request.name,
        memberIds: request.memberIds,
      });
      return { channel: channelMessage(channel, members), created };
    },
    async listChannels(request) {
      const summaries = await listChannels({ deps, userId: request.userId });
      return {
        channels: summaries.map((summary) =>
          create(ChannelSummarySchema, {
            channel: channelMessage(summary.channel, summary.members),
            unreadCount: BigInt(summary.unreadCount),
            readSeq: summary.readSeq,
            lastMessage:
              summary.lastMessage &&
              messageMessage(summary.lastMessage.message, summary.lastMessage.attachments),
            lastActivityAt: timestampFromDate(summary.channel.last_message_at ?? summary.channel.created_at),
          }),
        ),
      };
    },
    async getChannel(request) {
      const { channel, members } = await getChannel({
        deps,
        userId: request.userId,
        channelId: request.channelId,
      });
      return { channel: channelMessage(channel, members) };
    },
    async addMembers(request) {
      const { channel, members } = await addMembers({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        memberIds: request.memberIds,
      });
      return { channel: channelMessage(channel, members) };
    },
    async removeMember(request) {
      await removeMember({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        memberId: request.memberId,
      });
      return {};
    },
    async postMessage(request) {
      const { message, attachments, created } = await postMessage({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        body: request.body,
        attachmentFileIds: request.attachmentFileIds,
        clientMessageId: request.clientMessageId,
      });
      return { message: messageMessage(message, attachments), created };
    },
    async listMessages(request) {
      const { messages, attachments, nextBefore } = await listMessages({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        beforeMessageId: request.beforeMessageId,
        limit: request.limit,
      });
      return {
        messages: messages.map((message) => messageMessage(message, attachments.get(message.id) ?? [])),
        nextBefore,
      };
    },
    async editMessage(request) {
      const { message, attachments } = await editMessage({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        messageId: request.messageId,
        body: request.body,
      });
      return { message: messageMessage(message, attachments) };
    },
    async deleteMessage(request) {
      const { message, attachments } = await deleteMessage({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        messageId: request.messageId,
      });
      return { message: messageMessage(message, attachments) };
    },
    async markRead(request) {
      const { readSeq } = await markRead({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        messageId: request.messageId,
      });
      return { readSeq };
    },
    async getAttachmentDownloadUrl(request) {
      return getAttachmentDownloadUrl({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        messageId: request.messageId,
        fileId: request.fileId,
      });
    },
    async listChannelEvents(request) {
      return listChannelEvents({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        afterSeq: request.afterSeq,
        limit: request.limit,
      });
    },
    async listMemberChannelIds(request) {
      return { channelIds: await listMemberChannelIds({ deps, userId: request.userId }) };
    },
    async getMembership(request) {
      return getMembership({ deps, userId: request.userId, channelId: request.channelId });
    },
    async getMessageStats(request) {
      const days = await getMessageStats({ deps, days: request.days });
      return { messagesPerDay: days.map((day) => ({ day: day.day, count: BigInt(day.count) })) };
    },
  };
}
