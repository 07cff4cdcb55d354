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
import type { ChannelPostState } from '../channel-post-states';
import { chatStore, type AttachmentRow, type MessageRow, type PostAttempt } from '../store';

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

  if (files.length === 0) {
    const posted = await deps.postTurns.run(channelId, () =>
      postWithoutLocking({ deps, userId, channelId, body, clientMessageId }),
    );
    if (posted) return posted;
  }
  return postUnderLock({ deps, userId, channelId, body, clientMessageId, files });
}

/** After this many stale guesses in a row (a busy channel), the post waits for the lock instead. */
const MAX_GUESSES = 3;

/**
 * The hot path, one round trip when this process knows the channel: the post
 * is built for the channel's state as last seen here and written by one
 * statement that checks that state under the lock (the seq it takes, the
 * members its event names and its mentions resolve against). A stale guess
 * writes nothing and brings the current state; the post is built again from
 * it. Undefined when the channel kept changing under the guesses: the
 * caller then posts under the lock, which waits its turn instead.
 */
async function postWithoutLocking(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  body: string;
  clientMessageId: string | null;
}): Promise<PostedMessage | undefined> {
  const { deps, userId, channelId, body, clientMessageId } = props;
  let state = deps.postStates.get(channelId);
  for (let guesses = 0; guesses < MAX_GUESSES;) {
    // Never refused on a guess: without a usable one, the call only asks for the current state.
    const guess =
      state && !refusal(state, userId)
        ? {
            state,
            post: buildPost({
              userId,
              channelId,
              body,
              clientMessageId,
              createdAt: new Date(),
              state,
              files: [],
            }),
          }
        : undefined;
    const attempt = await chatStore.postMessageIfCurrent(
      deps.db,
      guess
        ? { message: guess.post.message, expectedMemberIds: guess.state.memberIds, outbox: guess.post.outbox }
        : { channelId, senderId: userId, clientMessageId },
    );
    // Only 'changed' says the guess was wrong; 'earlier' and 'not_found' answer whatever it was.
    deps.postCalls.called(!guess ? 'none' : attempt.outcome === 'changed' ? 'stale' : 'current');
    if (guess) {
      guesses += 1;
      if (attempt.outcome === 'posted') {
        deps.postStates.set(channelId, { ...guess.state, lastSeq: BigInt(guess.post.message.seq) });
        return { message: guess.post.message, attachments: [], created: true };
      }
    }
    const answer = await currentStateOrAnswer(deps, channelId, userId, attempt);
    if (answer.posted) return answer.posted;
    state = answer.state;
  }
  return undefined;
}

/**
 * What an attempt that wrote nothing answers: the channel's current state
 * (kept for the next post) when this user may post to it; the earlier
 * message of a retry; or the refusal, thrown (the state is current, not a guess).
 */
async function currentStateOrAnswer(
  deps: ChatDeps,
  channelId: string,
  userId: string,
  attempt: PostAttempt,
): Promise<{ posted: PostedMessage; state?: never } | { posted?: never; state: ChannelPostState }> {
  if (attempt.outcome === 'not_found') {
    deps.postStates.forget(channelId);
    throw CHAT_ERRORS.channelNotFound();
  }
  if (attempt.outcome === 'earlier') {
    const earlier = await chatStore.findMessage(deps.db, channelId, attempt.earlier_message_id!);
    return { posted: await answerEarlier(deps, earlier!) };
  }
  const state = {
    type: attempt.channel_type!,
    lastSeq: BigInt(attempt.last_seq!),
    memberIds: attempt.member_ids!,
  };
  deps.postStates.set(channelId, state);
  const refused = refusal(state, userId);
  if (refused) throw refused;
  return { state };
}

/** Why this user may not post to the channel in this state, if they may not. */
function refusal(state: ChannelPostState, userId: string): Error | undefined {
  if (!state.memberIds.includes(userId)) return CHAT_ERRORS.channelNotFound();
  // A direct channel loses a member only when that account is deleted: it stays readable, not writable.
  if (state.type === 'direct' && state.memberIds.length < 2) return CHAT_ERRORS.directChannelClosed();
  return undefined;
}

/**
 * Posts under the channel's lock, in a transaction of two round trips inside:
 * the post's turn (lock + next seq, members, the earlier post with this
 * client id), then every write in one statement. Whatever refuses the post
 * throws, so the seq taken first rolls back with it. Posts with attachments
 * come here (their rows are a statement more), and posts to a channel too
 * busy to guess.
 */
async function postUnderLock(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  body: string;
  clientMessageId: string | null;
  files: AttachedFile[];
}): Promise<PostedMessage> {
  const { deps, userId, channelId, body, clientMessageId, files } = props;
  try {
    return await deps.db.transaction(async (trx) => {
      const createdAt = new Date();
      const turn = await chatStore.takePostTurn(trx, channelId, userId, clientMessageId, createdAt);
      if (!turn) throw CHAT_ERRORS.channelNotFound();
      // A retry that committed first (or one that raced this one to the lock).
      if (turn.earlier_message_id && turn.member_ids.includes(userId))
        throw new EarlierPost(turn.earlier_message_id);
      // The seq is taken: lastSeq is the one before it.
      const state = {
        type: turn.channel_type,
        lastSeq: BigInt(turn.taken_seq) - 1n,
        memberIds: turn.member_ids,
      };
      const refused = refusal(state, userId);
      if (refused) throw refused;
      const post = buildPost({ userId, channelId, body, clientMessageId, createdAt, state, files });
      await chatStore.insertPostedMessage(trx, post.message, post.channelEvent, post.outbox);
      await chatStore.insertAttachments(trx, post.attachments);
      return { message: post.message, attachments: post.attachments, created: true };
    });
  } catch (error) {
    if (!(error instanceof EarlierPost)) throw error;
    const earlier = await chatStore.findMessage(deps.db, channelId, error.messageId);
    return answerEarlier(deps, earlier!);
  }
}

interface AttachedFile {
  fileId: string;
  ownerId: string;
  name: string;
  size: bigint;
  contentType: string;
}

/** The message, its attachments and its channel event, as the channel's next seq after `state`. */
function buildPost(props: {
  userId: string;
  channelId: string;
  body: string;
  clientMessageId: string | null;
  createdAt: Date;
  state: ChannelPostState;
  files: AttachedFile[];
}) {
  const { userId, channelId, body, createdAt, state } = props;
  const seq = state.lastSeq + 1n;
  const message: MessageRow = {
    id: randomUUID(),
    channel_id: channelId,
    seq: seq.toString(),
    sender_id: userId,
    body,
    mentioned_user_ids: parseMentions(body, state.memberIds, userId),
    client_message_id: props.clientMessageId,
    created_at: createdAt,
    edited_at: null,
    deleted_at: null,
  };
  const attachments: AttachmentRow[] = props.files.map((file, position) => ({
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
        memberIds: state.memberIds,
      }),
    },
  });
  return { message, attachments, ...rows };
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
