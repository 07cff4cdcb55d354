import type { ChatDeps } from '../deps';
import { requireMember } from '../membership';
import { chatStore, type ChannelRow, type MemberRow } from '../store';

/** A channel and its members, for its members only. */
export async function getChannel(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
}): Promise<{ channel: ChannelRow; members: MemberRow[] }> {
  const { channel } = await requireMember(props.deps.db, props.channelId, props.userId);
  return { channel, members: await chatStore.listMembers(props.deps.db, channel.id) };
}
