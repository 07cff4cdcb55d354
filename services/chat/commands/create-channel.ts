import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { ChannelMembersChangedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import type { Transaction } from '../../internal/db';
import { requireAccounts } from '../accounts';
import { recordChannelEvent } from '../channel-events';
import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { chatStore, type ChannelRow, type ChannelType, type MemberRow } from '../store';

export const MAX_GROUP_MEMBERS = 1000;
export const MAX_NAME_CHARACTERS = 100;

export interface CreatedChannel {
  channel: ChannelRow;
  members: MemberRow[];
  /** False when the pair already had its direct channel. */
  created: boolean;
}

/**
 * A group owned by its creator, or the direct channel of a pair: one per
 * pair whoever asks first (a unique index on the ordered pair; a racing
 * second insert waits for the first and then finds it). A new channel's
 * first event (seq 1) is its members joining.
 */
export async function createChannel(props: {
  deps: ChatDeps;
  userId: string;
  type: string;
  name: string;
  memberIds: string[];
}): Promise<CreatedChannel> {
  const { deps, userId } = props;
  if (props.type !== 'direct' && props.type !== 'group')
    throw CHAT_ERRORS.invalid('body.type', 'must be direct or group');
  const type: ChannelType = props.type;
  const others = [...new Set(props.memberIds.map((id) => id.toLowerCase()))].filter((id) => id !== userId);
  if (type === 'direct') {
    if (others.length !== 1 || props.name)
      throw CHAT_ERRORS.invalid(
        'body.memberIds',
        'a direct channel has exactly one other member and no name',
      );
  } else {
    const name = props.name.trim();
    if (name.length === 0 || [...name].length > MAX_NAME_CHARACTERS)
      throw CHAT_ERRORS.invalid('body.name', `a group needs a name of 1-${MAX_NAME_CHARACTERS} characters`);
    if (others.length + 1 > MAX_GROUP_MEMBERS)
      throw CHAT_ERRORS.invalid('body.memberIds', `a group has at most ${MAX_GROUP_MEMBERS} members`);
  }
  await requireAccounts(deps, others);
  return type === 'direct'
    ? createDirect(deps, userId, others[0]!)
    : createGroup(deps, userId, props.name.trim(), others);
}

async function createDirect(deps: ChatDeps, userId: string, otherId: string): Promise<CreatedChannel> {
  const [low, high] = [userId, otherId].sort() as [string, string];
  return deps.db.transaction(async (trx) => {
    const id = randomUUID();
    const inserted = await chatStore.insertDirectChannel(trx, {
      id,
      direct_low: low,
      direct_high: high,
      created_by: userId,
    });
    if (!inserted) {
      const channel = (await chatStore.findDirectChannel(trx, low, high))!;
      return { channel, members: await chatStore.listMembers(trx, channel.id), created: false };
    }
    await chatStore.addMembers(trx, id, [
      { user_id: low, role: 'member' },
      { user_id: high, role: 'member' },
    ]);
    return announceNewChannel(trx, id, userId);
  });
}

async function createGroup(
  deps: ChatDeps,
  userId: string,
  name: string,
  others: string[],
): Promise<CreatedChannel> {
  return deps.db.transaction(async (trx) => {
    const id = randomUUID();
    await chatStore.insertChannel(trx, {
      id,
      type: 'group',
      name,
      direct_low: null,
      direct_high: null,
      created_by: userId,
    });
    await chatStore.addMembers(trx, id, [
      { user_id: userId, role: 'owner' },
      ...others.map((other) => ({ user_id: other, role: 'member' as const })),
    ]);
    return announceNewChannel(trx, id, userId);
  });
}

/** Seq 1: every member joined, so each member's gateway learns of the channel live. */
async function announceNewChannel(
  trx: Transaction,
  channelId: string,
  userId: string,
): Promise<CreatedChannel> {
  const seq = await chatStore.takeNextSeq(trx, channelId);
  const members = await chatStore.listMembers(trx, channelId);
  const memberIds = members.map((member) => member.user_id);
  await recordChannelEvent(trx, {
    channelId,
    seq,
    actorId: userId,
    payload: {
      case: 'channelMembersChanged',
      value: create(ChannelMembersChangedSchema, {
        channelId,
        seq,
        memberIds,
        addedUserIds: memberIds,
      }),
    },
  });
  const channel = (await chatStore.findChannel(trx, channelId))!;
  return { channel, members, created: true };
}
