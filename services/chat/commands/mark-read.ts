import { create } from '@bufbuild/protobuf';
import { ChannelReadSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { isUserId as isUuid } from '../../internal/user-id';
import { recordChannelEvent } from '../channel-events';
import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { lockChannelForMember, memberIdsOf } from '../membership';
import { chatStore } from '../store';

/**
 * Moves the caller's read position to a message, forward only: a message at
 * or before the position changes nothing and sends no event (a late "read"
 * from another device cannot bring unread messages back).
 */
export async function markRead(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  messageId: string;
}): Promise<{ readSeq: bigint; moved: boolean }> {
  const { deps, userId, channelId, messageId } = props;
  return deps.db.transaction(async (trx) => {
    const { members, me } = await lockChannelForMember(trx, channelId, userId);
    const message = isUuid(messageId) ? await chatStore.findMessage(trx, channelId, messageId) : undefined;
    if (!message) throw CHAT_ERRORS.messageNotFound();
    const readSeq = BigInt(message.seq);
    if (readSeq <= BigInt(me.read_seq)) return { readSeq: BigInt(me.read_seq), moved: false };
    await chatStore.setReadSeq(trx, channelId, userId, readSeq);
    const seq = await chatStore.takeNextSeq(trx, channelId);
    await recordChannelEvent(trx, {
      channelId,
      seq,
      actorId: userId,
      payload: {
        case: 'channelRead',
        value: create(ChannelReadSchema, {
          channelId,
          userId,
          messageId,
          readSeq,
          seq,
          memberIds: memberIdsOf(members),
        }),
      },
    });
    return { readSeq, moved: true };
  });
}
