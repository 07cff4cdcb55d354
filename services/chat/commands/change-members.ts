import { create } from '@bufbuild/protobuf';
import { ChannelMembersChangedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import type { Transaction } from '../../internal/db';
import { recordChannelEvent } from '../channel-events';
import { chatStore, type MemberRow } from '../store';

/** Records a membership change as the channel's next event; `members` is the list after it. */
export async function recordMembersChanged(
  trx: Transaction,
  change: { channelId: string; actorId: string; members: MemberRow[]; added?: string[]; removed?: string[] },
): Promise<void> {
  const seq = await chatStore.takeNextSeq(trx, change.channelId);
  await recordChannelEvent(trx, {
    channelId: change.channelId,
    seq,
    actorId: change.actorId,
    payload: {
      case: 'channelMembersChanged',
      value: create(ChannelMembersChangedSchema, {
        channelId: change.channelId,
        seq,
        memberIds: change.members.map((member) => member.user_id),
        addedUserIds: change.added ?? [],
        removedUserIds: change.removed ?? [],
      }),
    },
  });
}
