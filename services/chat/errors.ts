import type { CHAT_ERROR_CODES } from '../internal/error-codes/chat';
import { errorFactory, type CommonErrorCode } from '../internal/errors';

// Every error the chat service can answer with, by name; the codes and
// their kinds are in services/internal/error-codes/chat.ts.
const chatError = errorFactory<keyof typeof CHAT_ERROR_CODES | CommonErrorCode>();

const invalid = (field: string, message: string) =>
  chatError('invalid_argument', `${field.replace(/^body\./, '')}: ${message}`, [{ field, message }]);

export const CHAT_ERRORS = {
  channelNotFound: () => chatError('channel_not_found', 'channel not found'),
  messageNotFound: () => chatError('message_not_found', 'message not found in this channel'),
  memberNotFound: () => chatError('member_not_found', 'that user is not a member of this channel'),
  attachmentNotFound: () => chatError('attachment_not_found', 'that file is not attached to this message'),
  channelIsDirect: () =>
    chatError('channel_is_direct', "a direct channel's two members are fixed; create a group instead"),
  messageDeleted: () => chatError('message_deleted', 'the message was deleted'),
  directChannelClosed: () =>
    chatError('direct_channel_closed', "the other member's account was deleted; the channel is read-only"),
  notOwner: () => chatError('forbidden', "only the channel's owners add or remove other members"),
  notSender: () => chatError('forbidden', 'only its sender may edit or delete a message'),
  invalid,
  // One answer whichever id it is, and whether the id is malformed or unknown:
  // no more is told about accounts than the product must show.
  unknownMembers: () => invalid('body.memberIds', 'every member must be an existing account'),
};
