import type { Database, Transaction } from '../internal/db';
import { isUserId as isUuid } from '../internal/user-id';
import { CHAT_ERRORS } from './errors';
import { chatStore, type ChannelRow, type MemberRow } from './store';

export interface LockedChannel {
  channel: ChannelRow;
  members: MemberRow[];
  /** The caller's membership. */
  me: MemberRow;
}

/** The channel and the caller's membership; channel_not_found alike for a non-member and no channel. */
export async function requireMember(
  db: Database | Transaction,
  channelId: string,
  userId: string,
): Promise<{ channel: ChannelRow; me: MemberRow }> {
  if (!isUuid(channelId)) throw CHAT_ERRORS.channelNotFound();
  const me = await chatStore.findMember(db, channelId, userId);
  const channel = me && (await chatStore.findChannel(db, channelId));
  if (!me || !channel) throw CHAT_ERRORS.channelNotFound();
  return { channel, me };
}

/**
 * Locks the channel for a change (every change takes the next seq, so one
 * writer at a time per channel) and reads its members under that lock: the
 * member ids an event carries are exactly the members when it happened.
 */
export async function lockChannelForMember(
  trx: Transaction,
  channelId: string,
  userId: string,
): Promise<LockedChannel> {
  if (!isUuid(channelId)) throw CHAT_ERRORS.channelNotFound();
  const channel = await chatStore.lockChannel(trx, channelId);
  const members = channel ? await chatStore.listMembers(trx, channelId) : [];
  const me = members.find((member) => member.user_id === userId);
  if (!channel || !me) throw CHAT_ERRORS.channelNotFound();
  return { channel, members, me };
}

export const memberIdsOf = (members: MemberRow[]) => members.map((member) => member.user_id);
