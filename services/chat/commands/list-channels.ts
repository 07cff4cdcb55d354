import type { ChatDeps } from '../deps';
import { attachmentsByMessage } from '../messages';
import { chatStore, type AttachmentRow, type ChannelRow, type MemberRow, type MessageRow } from '../store';

export interface ChannelSummaryView {
  channel: ChannelRow;
  members: MemberRow[];
  readSeq: bigint;
  /** Messages after the read position, not the caller's own, not deleted. */
  unreadCount: number;
  lastMessage?: { message: MessageRow; attachments: AttachmentRow[] };
}

/** The caller's channels, newest activity (last message, else creation) first. */
export async function listChannels(props: { deps: ChatDeps; userId: string }): Promise<ChannelSummaryView[]> {
  const { db } = props.deps;
  const rows = await chatStore.listUserChannels(db, props.userId);
  const ids = rows.map((row) => row.id);
  const [members, lastMessages] = await Promise.all([
    chatStore.listMembersOf(db, ids),
    chatStore.lastMessages(db, ids),
  ]);
  const attachments = attachmentsByMessage(
    await chatStore.attachmentsOf(
      db,
      lastMessages.map((message) => message.id),
    ),
  );
  const lastByChannel = new Map(lastMessages.map((message) => [message.channel_id, message]));
  return rows.map(({ read_seq, unread_count, ...channel }) => {
    const last = lastByChannel.get(channel.id);
    return {
      channel,
      members: members.filter((member) => member.channel_id === channel.id),
      readSeq: BigInt(read_seq),
      unreadCount: Number(unread_count),
      lastMessage: last && { message: last, attachments: attachments.get(last.id) ?? [] },
    };
  });
}
