import { z } from 'zod';
import { ChannelEventSchema } from '../../presenters/channel-event';
import { ChannelSchema, ChannelSummarySchema, MessageSchema } from '../../presenters/channel';
import { defineRoute } from '../../route';
import {
  addMembers,
  createChannel,
  deleteMessage,
  downloadAttachment,
  editMessage,
  getChannel,
  listChannelEvents,
  listChannels,
  listMessages,
  markRead,
  postMessage,
  removeMember,
} from './handlers';
import {
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

const tags = ['Messaging'];
// A channel the caller is not a member of answers exactly as one that does not exist.
const channelNotFound = {
  404: { description: '`channel_not_found`: no such channel, or you are not a member of it' },
};
const messageNotFound = {
  404: { description: '`channel_not_found` (not a member), or `message_not_found` in this channel' },
};
const channelResponse = { description: 'The channel with its members', schema: ChannelSchema };
const messageResponse = { description: 'The message', schema: MessageSchema };

export const channelRoutes = [
  defineRoute({
    operationId: 'createChannel',
    method: 'post',
    path: '/v1/channels',
    summary: 'Create a group (you own it) or the direct channel with one user (one per pair)',
    tags,
    auth: true,
    body: CreateChannelBody,
    responses: {
      201: { ...channelResponse, description: 'Created' },
      200: { ...channelResponse, description: 'The pair’s existing direct channel' },
      400: {
        description: '`invalid_argument`: a member id that is not an account, a group without a name, …',
      },
    },
    errors: [],
    handler: createChannel,
  }),
  defineRoute({
    operationId: 'listChannels',
    method: 'get',
    path: '/v1/channels',
    summary: 'Your channels, newest activity first, with unread counts and the last message',
    tags,
    auth: true,
    responses: {
      200: {
        description: 'Every channel you are a member of',
        schema: z.object({ items: z.array(ChannelSummarySchema) }),
      },
    },
    handler: listChannels,
  }),
  defineRoute({
    operationId: 'getChannel',
    method: 'get',
    path: '/v1/channels/{id}',
    summary: 'A channel and its members (members only)',
    tags,
    auth: true,
    params: ChannelParams,
    responses: { 200: channelResponse, ...channelNotFound },
    errors: ['channel_not_found'],
    handler: getChannel,
  }),
  defineRoute({
    operationId: 'addChannelMembers',
    method: 'post',
    path: '/v1/channels/{id}/members',
    summary: 'Add members to a group (owners only); ids already members change nothing',
    tags,
    auth: true,
    params: ChannelParams,
    body: AddMembersBody,
    responses: {
      200: channelResponse,
      403: { description: '`forbidden`: only owners add members' },
      409: { description: '`channel_is_direct`: a direct channel’s members are fixed' },
      ...channelNotFound,
    },
    errors: ['channel_not_found', 'forbidden', 'channel_is_direct'],
    handler: addMembers,
  }),
  defineRoute({
    operationId: 'removeChannelMember',
    method: 'delete',
    path: '/v1/channels/{id}/members/{userId}',
    summary: 'Remove a member (owners), or leave (your own id)',
    tags,
    auth: true,
    params: MemberParams,
    responses: {
      204: { description: 'Removed' },
      403: { description: '`forbidden`: only owners remove others' },
      404: { description: '`channel_not_found`, or `member_not_found`: that user is not a member' },
      409: { description: '`channel_is_direct`: a direct channel’s members are fixed' },
    },
    errors: ['channel_not_found', 'member_not_found', 'forbidden', 'channel_is_direct'],
    handler: removeMember,
  }),
  defineRoute({
    operationId: 'listMessages',
    method: 'get',
    path: '/v1/channels/{id}/messages',
    summary:
      'History, newest first; nextCursor (as cursor) or a message id (as before) pages to older messages',
    tags,
    auth: true,
    params: ChannelParams,
    query: MessagesQuery,
    responses: {
      200: {
        description: 'A page of messages',
        schema: z.object({ items: z.array(MessageSchema), nextCursor: z.string().nullable() }),
      },
      ...channelNotFound,
    },
    errors: ['channel_not_found'],
    handler: listMessages,
  }),
  defineRoute({
    operationId: 'postMessage',
    method: 'post',
    path: '/v1/channels/{id}/messages',
    summary: 'Post a message, with files you may download as attachments and @<userId> mentions',
    tags,
    auth: true,
    params: ChannelParams,
    body: PostMessageBody,
    responses: {
      201: { ...messageResponse, description: 'Posted' },
      200: { ...messageResponse, description: 'Posted before with this clientMessageId: the first post' },
      404: { description: '`channel_not_found`, or `file_not_found`: an attachment you may not download' },
      409: {
        description: '`direct_channel_closed`: the other member of this direct channel deleted their account',
      },
    },
    errors: ['channel_not_found', 'file_not_found', 'direct_channel_closed'],
    handler: postMessage,
  }),
  defineRoute({
    operationId: 'editMessage',
    method: 'patch',
    path: '/v1/channels/{id}/messages/{messageId}',
    summary: 'Edit your own message; it shows editedAt',
    tags,
    auth: true,
    params: MessageParams,
    body: EditMessageBody,
    responses: {
      200: messageResponse,
      403: { description: '`forbidden`: another member’s message' },
      ...messageNotFound,
      409: { description: '`message_deleted`' },
    },
    errors: ['channel_not_found', 'message_not_found', 'forbidden', 'message_deleted'],
    handler: editMessage,
  }),
  defineRoute({
    operationId: 'deleteMessage',
    method: 'delete',
    path: '/v1/channels/{id}/messages/{messageId}',
    summary: 'Delete your own message; it stays in history as deleted (body null); again changes nothing',
    tags,
    auth: true,
    params: MessageParams,
    responses: {
      204: { description: 'Deleted' },
      403: { description: '`forbidden`: another member’s message' },
      ...messageNotFound,
    },
    errors: ['channel_not_found', 'message_not_found', 'forbidden'],
    handler: deleteMessage,
  }),
  defineRoute({
    operationId: 'markChannelRead',
    method: 'post',
    path: '/v1/channels/{id}/read',
    summary: 'Move your read position to a message (forward only)',
    tags,
    auth: true,
    params: ChannelParams,
    body: MarkReadBody,
    responses: {
      204: { description: 'Done (also when the position was already further)' },
      ...messageNotFound,
    },
    errors: ['channel_not_found', 'message_not_found'],
    handler: markRead,
  }),
  defineRoute({
    operationId: 'listChannelEvents',
    method: 'get',
    path: '/v1/channels/{id}/events',
    summary: 'Catch-up: the channel’s events after afterSeq, oldest first, as the WebSocket pushes them',
    tags,
    auth: true,
    params: ChannelParams,
    query: EventsQuery,
    responses: {
      200: {
        description: 'Events in seq order; more: ask again after the last seq',
        schema: z.object({ items: z.array(ChannelEventSchema), more: z.boolean() }),
      },
      ...channelNotFound,
    },
    errors: ['channel_not_found'],
    handler: listChannelEvents,
  }),
  defineRoute({
    operationId: 'downloadMessageAttachment',
    method: 'get',
    path: '/v1/channels/{id}/messages/{messageId}/attachments/{fileId}/download',
    summary:
      'Redirect to a short-lived presigned URL of an attached file (redirect=false answers it as JSON)',
    tags,
    auth: true,
    params: AttachmentParams,
    query: DownloadQuery,
    responses: {
      200: {
        description: 'With redirect=false',
        schema: z.object({ url: z.url(), expiresAt: z.iso.datetime() }),
      },
      302: {
        description: 'To the object, with the file name in Content-Disposition',
        headers: { Location: 'the presigned URL' },
      },
      404: {
        description:
          '`channel_not_found`, `message_not_found`, `attachment_not_found`, or `file_not_found` (trashed or purged since)',
      },
    },
    errors: ['channel_not_found', 'message_not_found', 'attachment_not_found', 'file_not_found'],
    handler: downloadAttachment,
  }),
];
