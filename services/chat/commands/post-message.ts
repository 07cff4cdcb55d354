import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { MessagePostedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { isUserId as isUuid } from '../../internal/user-id';
import { recordChannelEvent } from '../channel-events';
import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { checkBody, MAX_ATTACHMENTS, parseMentions } from '../message-rules';
import { lockChannelForMember, memberIdsOf, requireMember } from '../membership';
import { eventChatMessage } from '../messages';
import { chatStore, type AttachmentRow, type MessageRow } from '../store';

export interface PostedMessage {
  message: MessageRow;
  attachments: AttachmentRow[];
  /** False when a post with the same clientMessageId was already made: nothing new happened. */
  created: boolean;
}

/**
 * Posts a message as the channel's next event. Attachments must be files
 * the sender may download now; the owner the files service names is kept,
 * and members download through the message later. A clientMessageId makes
 * the post idempotent per sender and channel: the retry answers the first.
 */
export async function postMessage(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  body: string;
  attachmentFileIds: string[];
  clientMessageId: string;
}): Promise<PostedMessage> {
  const { deps, userId, channelId, body } = props;
  const clientMessageId = props.clientMessageId ? props.clientMessageId.toLowerCase() : null;
  if (clientMessageId !== null && !isUuid(clientMessageId))
    throw CHAT_ERRORS.invalid('body.clientMessageId', 'must be a UUID');
  checkBody(body);
  const fileIds = [...new Set(props.attachmentFileIds.map((id) => id.toLowerCase()))];
  if (fileIds.length > MAX_ATTACHMENTS)
    throw CHAT_ERRORS.invalid('body.attachmentFileIds', `at most ${MAX_ATTACHMENTS} files`);
  if (!fileIds.every(isUuid)) throw CHAT_ERRORS.invalid('body.attachmentFileIds', 'must be file ids');

  // A non-member is refused before anything is asked of the files service.
  await requireMember(deps.db, channelId, userId);
  if (clientMessageId) {
    const earlier = await chatStore.findByClientId(deps.db, channelId, userId, clientMessageId);
    if (earlier) return answerEarlier(deps, earlier);
  }
  const files = await Promise.all(
    fileIds.map(async (fileId) => ({
      fileId,
      ...(await deps.fileAttachments.checkAttachment({ userId, fileId })),
    })),
  );

  return deps.db.transaction(async (trx) => {
    const { channel, members } = await lockChannelForMember(trx, channelId, userId);
    // A direct channel loses a member only when that account is deleted: it stays readable, not writable.
    if (channel.type === 'direct' && members.length < 2) throw CHAT_ERRORS.directChannelClosed();
    if (clientMessageId) {
      // A concurrent retry committed while this one waited for the lock.
      const earlier = await chatStore.findByClientId(trx, channelId, userId, clientMessageId);
      if (earlier) return answerEarlier(deps, earlier);
    }
    const createdAt = new Date();
    const seq = await chatStore.takeNextSeq(trx, channelId, createdAt);
    const message: MessageRow = {
      id: randomUUID(),
      channel_id: channelId,
      seq: seq.toString(),
      sender_id: userId,
      body,
      mentioned_user_ids: parseMentions(body, memberIdsOf(members), userId),
      client_message_id: clientMessageId,
      created_at: createdAt,
      edited_at: null,
      deleted_at: null,
    };
    await chatStore.insertMessage(trx, message);
    const attachments: AttachmentRow[] = files.map((file, position) => ({
      message_id: message.id,
      file_id: file.fileId,
      owner_id: file.ownerId,
      name: file.name,
      size: file.size.toString(),
      content_type: file.contentType,
      position,
    }));
    await chatStore.insertAttachments(trx, attachments);
    await recordChannelEvent(trx, {
      channelId,
      seq,
      actorId: userId,
      occurredAt: createdAt,
      payload: {
        case: 'messagePosted',
        value: create(MessagePostedSchema, {
          message: eventChatMessage(message, attachments, seq),
          memberIds: memberIdsOf(members),
        }),
      },
    });
    return { message, attachments, created: true };
  });
}

async function answerEarlier(deps: ChatDeps, message: MessageRow): Promise<PostedMessage> {
  return { message, attachments: await chatStore.attachmentsOf(deps.db, [message.id]), created: false };
}
