import { create } from '@bufbuild/protobuf';
import { MessageDeletedSchema, MessageEditedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import type { Transaction } from '../../internal/db';
import { isUserId as isUuid } from '../../internal/user-id';
import { recordChannelEvent } from '../channel-events';
import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { checkBody, parseMentions } from '../message-rules';
import { lockChannelForMember, memberIdsOf, type LockedChannel } from '../membership';
import { eventChatMessage } from '../messages';
import { chatStore, type AttachmentRow, type MessageRow } from '../store';

interface ChangedMessage {
  message: MessageRow;
  attachments: AttachmentRow[];
}

/** The sender changes the body of their message; it shows edited (editedAt) from then on. */
export async function editMessage(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  messageId: string;
  body: string;
}): Promise<ChangedMessage> {
  const { deps, userId, channelId, messageId, body } = props;
  checkBody(body);
  return deps.db.transaction(async (trx) => {
    const { locked, message } = await ownMessage(trx, channelId, messageId, userId);
    if (message.deleted_at) throw CHAT_ERRORS.messageDeleted();
    const editedAt = new Date();
    const seq = await chatStore.takeNextSeq(trx, channelId);
    const edited = await chatStore.updateMessage(trx, messageId, {
      body,
      mentioned_user_ids: parseMentions(body, memberIdsOf(locked.members), userId),
      edited_at: editedAt,
    });
    const attachments = await chatStore.attachmentsOf(trx, [messageId]);
    await recordChannelEvent(trx, {
      channelId,
      seq,
      actorId: userId,
      occurredAt: editedAt,
      payload: {
        case: 'messageEdited',
        value: create(MessageEditedSchema, {
          message: eventChatMessage(edited, attachments, seq),
          memberIds: memberIdsOf(locked.members),
        }),
      },
    });
    return { message: edited, attachments };
  });
}

/**
 * The sender deletes their message: its body and attachments go, the
 * message stays in history as deleted. Deleting it again changes nothing
 * and sends no second event.
 */
export async function deleteMessage(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  messageId: string;
}): Promise<ChangedMessage> {
  const { deps, userId, channelId, messageId } = props;
  return deps.db.transaction(async (trx) => {
    const { locked, message } = await ownMessage(trx, channelId, messageId, userId);
    if (message.deleted_at) return { message, attachments: [] };
    const deletedAt = new Date();
    const seq = await chatStore.takeNextSeq(trx, channelId);
    const deleted = await chatStore.updateMessage(trx, messageId, {
      body: null,
      mentioned_user_ids: [],
      deleted_at: deletedAt,
    });
    // Through a deleted message no member may read its files any more.
    await chatStore.deleteAttachments(trx, messageId);
    await recordChannelEvent(trx, {
      channelId,
      seq,
      actorId: userId,
      occurredAt: deletedAt,
      payload: {
        case: 'messageDeleted',
        value: create(MessageDeletedSchema, {
          message: eventChatMessage(deleted, [], seq),
          memberIds: memberIdsOf(locked.members),
        }),
      },
    });
    return { message: deleted, attachments: [] };
  });
}

/** Non-member: channel_not_found; no such message: message_not_found; another's: forbidden. */
async function ownMessage(
  trx: Transaction,
  channelId: string,
  messageId: string,
  userId: string,
): Promise<{ locked: LockedChannel; message: MessageRow }> {
  const locked = await lockChannelForMember(trx, channelId, userId);
  const message = isUuid(messageId) ? await chatStore.findMessage(trx, channelId, messageId) : undefined;
  if (!message) throw CHAT_ERRORS.messageNotFound();
  if (message.sender_id !== userId) throw CHAT_ERRORS.notSender();
  return { locked, message };
}
