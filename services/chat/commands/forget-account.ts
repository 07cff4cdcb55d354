import { create } from '@bufbuild/protobuf';
import { MessageDeletedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import type { Transaction } from '../../internal/db';
import { recordChannelEvent } from '../channel-events';
import type { ChatDeps } from '../deps';
import { memberIdsOf } from '../membership';
import { eventChatMessage } from '../messages';
import { chatStore } from '../store';
import { recordMembersChanged } from './change-members';
import { redactStoredMessageEvents } from './redact-stored-events';

export interface ForgottenAccount {
  channels: number;
  erasedMessages: number;
}

/**
 * account.deleted: the user leaves every channel and every message they
 * sent ends as a deleted one (body, mentions and attachments gone), one
 * transaction per channel under its row lock, like any other change of it.
 * Nothing is kept about the user but the message rows themselves (sender
 * id, seq, times), which keep the other members' history in order.
 *
 * Idempotent by what is left rather than by event id: a redelivery (or a
 * second account.deleted) finds no membership and no message to erase, so
 * it changes nothing and sends nothing.
 */
export async function forgetAccount(props: {
  deps: Pick<ChatDeps, 'db'>;
  userId: string;
  /** Who deleted the account (the admin), the actor of the events sent; the user when unknown. */
  actorId: string;
}): Promise<ForgottenAccount> {
  const { deps, userId } = props;
  const forgotten: ForgottenAccount = { channels: 0, erasedMessages: 0 };
  for (const channelId of await chatStore.channelsTouchedBy(deps.db, userId)) {
    const erased = await deps.db.transaction((trx) =>
      forgetInChannel(trx, { channelId, userId, actorId: props.actorId || userId }),
    );
    forgotten.channels += 1;
    forgotten.erasedMessages += erased;
  }
  return forgotten;
}

/** One channel: the membership (an owner handed on), then the messages; answers how many were erased. */
async function forgetInChannel(
  trx: Transaction,
  change: { channelId: string; userId: string; actorId: string },
): Promise<number> {
  const { channelId, userId, actorId } = change;
  const channel = await chatStore.lockChannel(trx, channelId);
  if (!channel) return 0;
  const members = await chatStore.listMembers(trx, channelId);
  const leaving = members.find((member) => member.user_id === userId);
  let remaining = members;
  if (leaving) {
    // The read position goes with the membership row.
    await chatStore.removeMember(trx, channelId, userId);
    remaining = members.filter((member) => member.user_id !== userId);
    // A group is never left without an owner: the longest-standing member becomes one, as on leaving.
    if (leaving.role === 'owner' && remaining.length > 0 && !remaining.some((m) => m.role === 'owner'))
      await chatStore.setRole(trx, channelId, remaining[0]!.user_id, 'owner');
    remaining = await chatStore.listMembers(trx, channelId);
    await recordMembersChanged(trx, { channelId, actorId, members: remaining, removed: [userId] });
  }

  // Each message as its sender's delete leaves it, with its message.deleted: members' clients
  // (live and catching up) blank what they show, as for any deletion.
  const messages = await chatStore.undeletedMessagesOf(trx, channelId, userId);
  const deletedAt = new Date();
  for (const message of messages) {
    const seq = await chatStore.takeNextSeq(trx, channelId);
    const deleted = await chatStore.updateMessage(trx, message.id, {
      body: null,
      mentioned_user_ids: [],
      deleted_at: deletedAt,
    });
    await chatStore.deleteAttachments(trx, message.id);
    await recordChannelEvent(trx, {
      channelId,
      seq,
      actorId,
      occurredAt: deletedAt,
      payload: {
        case: 'messageDeleted',
        value: create(MessageDeletedSchema, {
          message: eventChatMessage(deleted, [], seq),
          memberIds: memberIdsOf(remaining),
        }),
      },
    });
  }
  // Catch-up answers stored events: the bodies they carried go too.
  await redactStoredMessageEvents(trx, channelId, userId);
  return messages.length;
}
