import { decodeEvent } from '../../internal/kafka/events';
import { AppError } from '../../internal/errors';
import { startChatTestBed, type ChatTestBed } from '../testing/platform-deps';
import { addMembers } from './add-members';
import { createChannel } from './create-channel';
import { getChannel } from './get-channel';
import { listChannelEvents } from './list-channel-events';
import { listChannels } from './list-channels';
import { getMembership, listMemberChannelIds } from './membership-queries';
import { removeMember } from './remove-member';

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe('chat channels (real Postgres, and auth over gRPC)', () => {
  let bed: ChatTestBed;
  beforeAll(async () => {
    bed = await startChatTestBed();
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('creates one direct channel per pair under concurrent creation from both sides', async () => {
    const [a, b] = await bed.users(2);
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createChannel({
          deps: bed.deps,
          userId: i % 2 ? a!.id : b!.id,
          type: 'direct',
          name: '',
          memberIds: [i % 2 ? b!.id : a!.id],
        }),
      ),
    );
    expect(new Set(attempts.map((attempt) => attempt.channel.id)).size).toBe(1);
    expect(attempts.filter((attempt) => attempt.created)).toHaveLength(1);
    const rows = await bed.deps.db('chat.channels').where({ type: 'direct', created_by: a!.id }).orWhere({
      type: 'direct',
      created_by: b!.id,
    });
    expect(rows).toHaveLength(1);
    expect(attempts[0]!.members.map((m) => m.user_id).sort()).toEqual([a!.id, b!.id].sort());
    // Its first event is the members joining, seq 1.
    const { events } = await listChannelEvents({
      deps: bed.deps,
      userId: a!.id,
      channelId: attempts[0]!.channel.id,
      afterSeq: 0n,
      limit: 0,
    });
    expect(events.map((bytes) => decodeEvent(bytes).type)).toEqual(['channel.members_changed']);
  });

  it('refuses a direct channel with oneself, a member that is not an account, and a group without a name', async () => {
    const [a] = await bed.users(1);
    const create = (type: string, name: string, memberIds: string[]) =>
      codeOf(createChannel({ deps: bed.deps, userId: a!.id, type, name, memberIds }));
    expect(await create('direct', '', [a!.id])).toBe('invalid_argument');
    expect(await create('direct', '', ['00000000-0000-4000-8000-000000000000'])).toBe('invalid_argument');
    expect(await create('group', '  ', ['00000000-0000-4000-8000-000000000000'])).toBe('invalid_argument');
    expect(await create('group', 'team', ['not-a-uuid'])).toBe('invalid_argument');
  });

  it('lets owners add and remove members, members leave, and keeps an owner', async () => {
    const [owner, member, late, stranger] = await bed.users(4);
    const { channel } = await createChannel({
      deps: bed.deps,
      userId: owner!.id,
      type: 'group',
      name: 'team',
      memberIds: [member!.id],
    });
    const deps = bed.deps;
    expect(
      await codeOf(addMembers({ deps, userId: member!.id, channelId: channel.id, memberIds: [late!.id] })),
    ).toBe('forbidden');
    expect(
      await codeOf(addMembers({ deps, userId: stranger!.id, channelId: channel.id, memberIds: [late!.id] })),
    ).toBe('channel_not_found');
    const added = await addMembers({ deps, userId: owner!.id, channelId: channel.id, memberIds: [late!.id] });
    expect(added.members.map((m) => m.user_id)).toContain(late!.id);
    // Adding again changes nothing and sends no event.
    const seqBefore = added.channel.last_seq;
    const again = await addMembers({ deps, userId: owner!.id, channelId: channel.id, memberIds: [late!.id] });
    expect(again.channel.last_seq).toBe(seqBefore);

    expect(
      await codeOf(removeMember({ deps, userId: member!.id, channelId: channel.id, memberId: late!.id })),
    ).toBe('forbidden');
    await removeMember({ deps, userId: late!.id, channelId: channel.id, memberId: late!.id });
    expect(await codeOf(getChannel({ deps, userId: late!.id, channelId: channel.id }))).toBe(
      'channel_not_found',
    );
    // The last owner leaves: the longest-standing member becomes owner.
    await removeMember({ deps, userId: owner!.id, channelId: channel.id, memberId: owner!.id });
    const after = await getChannel({ deps, userId: member!.id, channelId: channel.id });
    expect(after.members.map((m) => [m.user_id, m.role])).toEqual([[member!.id, 'owner']]);

    // Membership as the WebSocket asks for it.
    expect(await getMembership({ deps, userId: member!.id, channelId: channel.id })).toEqual({
      member: true,
      memberIds: [member!.id],
    });
    expect(await getMembership({ deps, userId: owner!.id, channelId: channel.id })).toEqual({
      member: false,
      memberIds: [],
    });
    expect(await listMemberChannelIds({ deps, userId: member!.id })).toContain(channel.id);
    expect(await listMemberChannelIds({ deps, userId: owner!.id })).not.toContain(channel.id);
    expect((await listChannels({ deps, userId: owner!.id })).map((c) => c.channel.id)).not.toContain(
      channel.id,
    );

    // Every change was one event, seqs 1..n without a gap, members at each step.
    const { events } = await listChannelEvents({
      deps,
      userId: member!.id,
      channelId: channel.id,
      afterSeq: 0n,
      limit: 0,
    });
    const decoded = events.map((bytes) => decodeEvent(bytes));
    expect(decoded.map((event) => event.type)).toEqual(Array(4).fill('channel.members_changed'));
    const changes = decoded.map((event) =>
      event.payload.case === 'channelMembersChanged' ? event.payload.value : undefined,
    );
    expect(changes.map((change) => Number(change!.seq))).toEqual([1, 2, 3, 4]);
    expect(changes[3]!.removedUserIds).toEqual([owner!.id]);
    expect(changes[3]!.memberIds).toEqual([member!.id]);
  });

  it('refuses changing a direct channel’s members', async () => {
    const [a, b, c] = await bed.users(3);
    const { channel } = await createChannel({
      deps: bed.deps,
      userId: a!.id,
      type: 'direct',
      name: '',
      memberIds: [b!.id],
    });
    expect(
      await codeOf(addMembers({ deps: bed.deps, userId: a!.id, channelId: channel.id, memberIds: [c!.id] })),
    ).toBe('channel_is_direct');
    expect(
      await codeOf(removeMember({ deps: bed.deps, userId: a!.id, channelId: channel.id, memberId: a!.id })),
    ).toBe('channel_is_direct');
  });
});
