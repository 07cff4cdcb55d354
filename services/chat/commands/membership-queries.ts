import type { ChatDeps } from '../deps';
import { isUserId as isUuid } from '../../internal/user-id';
import { chatStore } from '../store';

/** The channels a user is a member of (a gateway subscribing a new socket). */
export async function listMemberChannelIds(props: { deps: ChatDeps; userId: string }): Promise<string[]> {
  if (!isUuid(props.userId)) return [];
  return chatStore.memberChannelIds(props.deps.db, props.userId);
}

/** Whether the user is a member, and if so who the members are; never an error for an unknown channel. */
export async function getMembership(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
}): Promise<{ member: boolean; memberIds: string[] }> {
  const { deps, userId, channelId } = props;
  if (!isUuid(channelId) || !isUuid(userId)) return { member: false, memberIds: [] };
  const members = await chatStore.listMembers(deps.db, channelId);
  const member = members.some((row) => row.user_id === userId);
  return { member, memberIds: member ? members.map((row) => row.user_id) : [] };
}
