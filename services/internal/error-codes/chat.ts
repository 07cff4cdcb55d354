import { defineErrorCodes } from './kinds';

/** The chat service's codes (its factories are in services/chat/errors.ts). */
export const CHAT_ERROR_CODES = defineErrorCodes({
  // Also what a non-member gets for a channel that exists: never 403.
  channel_not_found: { kind: 'not_found', title: 'Channel not found', retry: false },
  message_not_found: { kind: 'not_found', title: 'Message not found', retry: false },
  member_not_found: { kind: 'not_found', title: 'Member not found', retry: false },
  // A file id that is not attached to that message.
  attachment_not_found: { kind: 'not_found', title: 'Attachment not found', retry: false },
  // Adding or removing members of a direct channel: its two members are fixed.
  channel_is_direct: { kind: 'failed_precondition', title: 'Direct channel', retry: false },
  // Editing a message that was deleted.
  message_deleted: { kind: 'failed_precondition', title: 'Message deleted', retry: false },
  // Posting to a direct channel whose other member's account was deleted: it stays readable only.
  direct_channel_closed: { kind: 'failed_precondition', title: 'Direct channel closed', retry: false },
});
