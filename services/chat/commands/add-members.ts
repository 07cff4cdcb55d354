import { requireAccounts } from '../accounts';
import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { lockChannelForMember } from '../membership';
import { chatStore, type ChannelRow, type MemberRow } from '../store';
import { recordMembersChanged } from './change-members';
import { MAX_GROUP_MEMBERS } from './create-channel';

/** An owner adds members to a group; ids already members change nothing (no event when none is new). */
export async function addMembers(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  memberIds: string[];
}): Promise<{ channel: ChannelRow; members: MemberRow[] }> {
  const { deps, userId, channelId } = props;
  const ids = [...new Set(props.memberIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) throw CHAT_ERRORS.invalid('body.memberIds', 'name at least one user');
  // Who may change the channel is checked before the accounts, so a
  // non-member learns nothing about the channel nor about the ids.
  await deps.db.transaction(async (trx) => {
    const { channel, me } = await lockChannelForMember(trx, channelId, userId);
    if (channel.type === 'direct') throw CHAT_ERRORS.channelIsDirect();
    if (me.role !== 'owner') throw CHAT_ERRORS.notOwner();
  });
  await requireAccounts(deps, ids);
  return deps.db.transaction(async (trx) => {
    const { channel, members, me } = await lockChannelForMember(trx, channelId, userId);
    // Checked again under the lock: the caller may have lost ownership meanwhile.
    if (me.role !== 'owner') throw CHAT_ERRORS.notOwner();
    const current = new Set(members.map((member) => member.user_id));
    const fresh = ids.filter((id) => !current.has(id));
    if (current.size + fresh.length > MAX_GROUP_MEMBERS)
      throw CHAT_ERRORS.invalid('body.memberIds', `a group has at most ${MAX_GROUP_MEMBERS} members`);
    const added = await chatStore.addMembers(
      trx,
      channelId,
      fresh.map((id) => ({ user_id: id, role: 'member' as const })),
    );
    const after = await chatStore.listMembers(trx, channelId);
    if (added.length > 0)
      await recordMembersChanged(trx, { channelId, actorId: userId, members: after, added });
    return { channel: (await chatStore.findChannel(trx, channel.id))!, members: after };
  });
}
