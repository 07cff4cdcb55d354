import { timestampDate } from '@bufbuild/protobuf/wkt';
import { presentChannelEvent } from '../../presenters/channel-event';
import { presentChannel, presentChannelSummary, presentMessage } from '../../presenters/channel';
import type { HandlerContext } from '../../route';
import { channelLevels, DEFAULT_LEVEL } from './channel-levels';
import type {
  AddMembersBody,
  AttachmentParams,
  ChannelParams,
  CreateChannelBody,
  DownloadQuery,
  EditMessageBody,
  EventsQuery,
  MarkReadBody,
  MemberParams,
  MessageParams,
  MessagesQuery,
  PostMessageBody,
} from './schema';

// REST <-> ChatService; every rule (membership, roles, limits) is the chat service's.

export async function createChannel({
  koa,
  user,
  body,
  services,
}: HandlerContext<CreateChannelBody, undefined, undefined>) {
  const { channel, created } = await services.chat.createChannel({
    userId: user.userId,
    type: body.type,
    name: body.name ?? '',
    memberIds: body.memberIds,
  });
  // The pair's existing direct channel: 200, as it was not created now.
  koa.status = created ? 201 : 200;
  koa.body = presentChannel(channel);
}

export async function listChannels({ koa, user, services }: HandlerContext<undefined, undefined, undefined>) {
  const { channels } = await services.chat.listChannels({ userId: user.userId });
  const levels = await channelLevels(
    services,
    user.userId,
    channels.map((summary) => summary.channel?.id ?? ''),
  );
  koa.body = {
    items: channels.map((summary) =>
      presentChannelSummary(summary, levels.get(summary.channel?.id ?? '') ?? DEFAULT_LEVEL),
    ),
  };
}

export async function getChannel({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, ChannelParams>) {
  const { channel } = await services.chat.getChannel({ userId: user.userId, channelId: params.id });
  koa.body = presentChannel(channel);
}

export async function addMembers({
  koa,
  user,
  params,
  body,
  services,
}: HandlerContext<AddMembersBody, undefined, ChannelParams>) {
  const { channel } = await services.chat.addMembers({
    userId: user.userId,
    channelId: params.id,
    memberIds: body.memberIds,
  });
  koa.body = presentChannel(channel);
}

export async function removeMember({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, MemberParams>) {
  await services.chat.removeMember({ userId: user.userId, channelId: params.id, memberId: params.userId });
  koa.status = 204;
}

export async function listMessages({
  koa,
  user,
  params,
  query,
  services,
}: HandlerContext<undefined, MessagesQuery, ChannelParams>) {
  const { messages, nextBefore } = await services.chat.listMessages({
    userId: user.userId,
    channelId: params.id,
    beforeMessageId: query.before ?? query.cursor ?? '',
    limit: query.limit,
  });
  koa.body = { items: messages.map(presentMessage), nextCursor: nextBefore || null };
}

export async function postMessage({
  koa,
  user,
  params,
  body,
  services,
}: HandlerContext<PostMessageBody, undefined, ChannelParams>) {
  const { message, created } = await services.chat.postMessage({
    userId: user.userId,
    channelId: params.id,
    body: body.body,
    attachmentFileIds: body.attachmentFileIds ?? [],
    clientMessageId: body.clientMessageId ?? '',
  });
  // A retry with the same clientMessageId answers the first post: 200, nothing new.
  koa.status = created ? 201 : 200;
  koa.body = presentMessage(message);
}

export async function editMessage({
  koa,
  user,
  params,
  body,
  services,
}: HandlerContext<EditMessageBody, undefined, MessageParams>) {
  const { message } = await services.chat.editMessage({
    userId: user.userId,
    channelId: params.id,
    messageId: params.messageId,
    body: body.body,
  });
  koa.body = presentMessage(message);
}

export async function deleteMessage({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, MessageParams>) {
  await services.chat.deleteMessage({
    userId: user.userId,
    channelId: params.id,
    messageId: params.messageId,
  });
  koa.status = 204;
}

export async function markRead({
  koa,
  user,
  params,
  body,
  services,
}: HandlerContext<MarkReadBody, undefined, ChannelParams>) {
  await services.chat.markRead({ userId: user.userId, channelId: params.id, messageId: body.messageId });
  koa.status = 204;
}

export async function listChannelEvents({
  koa,
  user,
  params,
  query,
  services,
}: HandlerContext<undefined, EventsQuery, ChannelParams>) {
  const { events, more } = await services.chat.listChannelEvents({
    userId: user.userId,
    channelId: params.id,
    afterSeq: BigInt(query.afterSeq),
    limit: query.limit,
  });
  koa.body = { items: events.flatMap((bytes) => presentChannelEvent(bytes) ?? []), more };
}

export async function downloadAttachment({
  koa,
  user,
  params,
  query,
  services,
}: HandlerContext<undefined, DownloadQuery, AttachmentParams>) {
  const { url, expiresAt } = await services.chat.getAttachmentDownloadUrl({
    userId: user.userId,
    channelId: params.id,
    messageId: params.messageId,
    fileId: params.fileId,
  });
  if (!query.redirect) {
    koa.body = { url, expiresAt: expiresAt ? timestampDate(expiresAt).toISOString() : undefined };
    return;
  }
  koa.set('Cache-Control', 'no-store');
  koa.redirect(url);
}
