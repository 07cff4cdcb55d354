import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { lockChannelForMember } from '../membership';
import { chatStore } from '../store';
import { recordMembersChanged } from './change-members';

/**
 * An owner removes a member, or a member leaves (removes themself). When the
 * last owner leaves a group that still has members, the longest-standing
 * member becomes owner, so a group is never left without one.
 */
export async function removeMember(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  memberId: string;
}): Promise<void> {
  const { deps, userId, channelId } = props;
  const memberId = props.memberId.toLowerCase();
  await deps.db.transaction(async (trx) => {
    const { channel, members, me } = await lockChannelForMember(trx, channelId, userId);
    if (channel.type === 'direct') throw CHAT_ERRORS.channelIsDirect();
    if (memberId !== userId && me.role !== 'owner') throw CHAT_ERRORS.notOwner();
    const target = members.find((member) => member.user_id === memberId);
    if (!target) throw CHAT_ERRORS.memberNotFound();
    await chatStore.removeMember(trx, channelId, memberId);
    const remaining = members.filter((member) => member.user_id !== memberId);
    if (target.role === 'owner' && remaining.length > 0 && !remaining.some((m) => m.role === 'owner')) {
      await chatStore.setRole(trx, channelId, remaining[0]!.user_id, 'owner');
    }
    await recordMembersChanged(trx, {
      channelId,
      actorId: userId,
      members: await chatStore.listMembers(trx, channelId),
      removed: [memberId],
    });
  });
}
