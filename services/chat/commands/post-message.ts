import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { MessagePostedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { isUserId as isUuid } from '../../internal/user-id';
import { channelEventRows } from '../channel-events';
import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { checkBody, MAX_ATTACHMENTS, parseMentions } from '../message-rules';
import { requireMember } from '../membership';
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

  if (fileIds.length > 0) {
    // A non-member is refused before anything is asked of the files service,
    // and a retry is answered without asking it again.
    await requireMember(deps.db, channelId, userId);
    if (clientMessageId) {
      const earlier = await chatStore.findByClientId(deps.db, channelId, userId, clientMessageId);
      if (earlier) return answerEarlier(deps, earlier);
    }
  }
  const files = await Promise.all(
    fileIds.map(async (fileId) => ({
      fileId,
      ...(await deps.fileAttachments.checkAttachment({ userId, fileId })),
    })),
  );
  if (!isUuid(channelId)) throw CHAT_ERRORS.channelNotFound();

  // Two round trips inside the transaction (the post path is the hot one):
  // the post's turn (lock + next seq, members, the earlier post with this
  // client id), then every write in one statement. Whatever refuses the post
  // throws, so the seq taken first rolls back with it.
  try {
    return await deps.db.transaction(async (trx) => {
      const createdAt = new Date();
      const turn = await chatStore.takePostTurn(trx, channelId, userId, clientMessageId, createdAt);
      if (!turn || !turn.member_ids.includes(userId)) throw CHAT_ERRORS.channelNotFound();
      // A retry that committed first (or one that raced this one to the lock).
      if (turn.earlier_message_id) throw new EarlierPost(turn.earlier_message_id);
      // A direct channel loses a member only when that account is deleted: it stays readable, not writable.
      if (turn.channel_type === 'direct' && turn.member_ids.length < 2)
        throw CHAT_ERRORS.directChannelClosed();
      const seq = BigInt(turn.taken_seq);
      const memberIds = turn.member_ids;
      const message: MessageRow = {
        id: randomUUID(),
        channel_id: channelId,
        seq: seq.toString(),
        sender_id: userId,
        body,
        mentioned_user_ids: parseMentions(body, memberIds, userId),
        client_message_id: clientMessageId,
        created_at: createdAt,
        edited_at: null,
        deleted_at: null,
      };
      const attachments: AttachmentRow[] = files.map((file, position) => ({
        message_id: message.id,
        file_id: file.fileId,
        owner_id: file.ownerId,
        name: file.name,
        size: file.size.toString(),
        content_type: file.contentType,
        position,
      }));
      const rows = channelEventRows({
        channelId,
        seq,
        actorId: userId,
        occurredAt: createdAt,
        payload: {
          case: 'messagePosted',
          value: create(MessagePostedSchema, {
            message: eventChatMessage(message, attachments, seq),
            memberIds,
          }),
        },
      });
      await chatStore.insertPostedMessage(trx, message, rows.channelEvent, rows.outbox);
      await chatStore.insertAttachments(trx, attachments);
      return { message, attachments, created: true };
    });
  } catch (error) {
    if (!(error instanceof EarlierPost)) throw error;
    const earlier = await chatStore.findMessage(deps.db, channelId, error.messageId);
    return answerEarlier(deps, earlier!);
  }
}

/** Thrown inside the post's transaction to roll back the seq it took: the post was made before. */
class EarlierPost extends Error {
  constructor(readonly messageId: string) {
    super('posted before with this clientMessageId');
  }
}

async function answerEarlier(deps: ChatDeps, message: MessageRow): Promise<PostedMessage> {
  return { message, attachments: await chatStore.attachmentsOf(deps.db, [message.id]), created: false };
}
