import { create } from '@bufbuild/protobuf';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { AccountDeletedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { AppError } from '../../internal/errors';
import { decodeEvent, encodeEvent, newEvent, type Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { uploadFile } from '../../internal/testing/api-users';
import { eventually } from '../../internal/testing/eventually';
import { testKafkaNames } from '../../internal/testing/kafka-names';
import { addMembers } from '../commands/add-members';
import { createChannel } from '../commands/create-channel';
import { listChannelEvents } from '../commands/list-channel-events';
import { listMessages } from '../commands/list-messages';
import { markRead } from '../commands/mark-read';
import { postMessage } from '../commands/post-message';
import { startChatTestBed, type ChatTestBed } from '../testing/platform-deps';

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

// The chat target's account.deleted consumer on the real platform: account.deleted
// is published to auth.events as auth's outbox sends it, and the test waits for chat's rows.
describe('chat forgets a deleted account (account.deleted)', () => {
  let bed: ChatTestBed;
  let producer: Producer;
  const names = testKafkaNames();
  const kafka = new Kafka({
    clientId: 'chat-account-deleted-test',
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });

  beforeAll(async () => {
    bed = await startChatTestBed();
    producer = kafka.producer();
    await producer.connect();
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await bed?.stop();
  });

  const accountDeleted = (userId: string) =>
    newEvent({ case: 'accountDeleted', value: create(AccountDeletedSchema, { userId }) }, '');
  const publish = (key: string, ...events: Event[]) =>
    producer.send({
      topic: names.topic(TOPICS.authEvents),
      messages: events.map((event) => ({ key, value: encodeEvent(event) })),
    });
  const membershipsOf = (userId: string) => bed.deps.db('chat.members').where({ user_id: userId });
  const forgotten = (userId: string) =>
    eventually(async () => {
      const members = await membershipsOf(userId);
      const bodies = await bed.deps.db('chat.messages').where({ sender_id: userId }).whereNotNull('body');
      return members.length === 0 && bodies.length === 0 ? true : undefined;
    }, `chat to forget ${userId}`);
  const post = (userId: string, channelId: string, body: string, attachmentFileIds: string[] = []) =>
    postMessage({ deps: bed.deps, userId, channelId, body, attachmentFileIds, clientMessageId: '' });
  const eventsOf = async (userId: string, channelId: string) =>
    (await listChannelEvents({ deps: bed.deps, userId, channelId, afterSeq: 0n, limit: 0 })).events.map(
      (bytes) => decodeEvent(bytes),
    );

  it('removes the account from its groups (an owner handed on), erases its messages, their files and stored bodies', async () => {
    const [doomed, older, newer] = await bed.users(3);
    const { channel } = await createChannel({
      deps: bed.deps,
      userId: doomed!.id,
      type: 'group',
      name: 'team',
      memberIds: [older!.id],
    });
    await addMembers({ deps: bed.deps, userId: doomed!.id, channelId: channel.id, memberIds: [newer!.id] });
    const fileId = await uploadFile(doomed!, Buffer.from('holiday plans'));
    const secret = await post(doomed!.id, channel.id, `secret plans @${older!.id}`, [fileId]);
    const kept = await post(older!.id, channel.id, 'my own words');
    await markRead({ deps: bed.deps, userId: doomed!.id, channelId: channel.id, messageId: kept.message.id });
    expect(await bed.deps.db('chat.attachments').where({ message_id: secret.message.id })).toHaveLength(1);
    const seqBefore = BigInt((await bed.deps.db('chat.channels').where({ id: channel.id }).first()).last_seq);

    await publish(doomed!.id, accountDeleted(doomed!.id));
    await forgotten(doomed!.id);

    // The oldest remaining member is the owner now; the read position went with the membership.
    const members = await bed.deps.db('chat.members').where({ channel_id: channel.id }).orderBy('joined_at');
    expect(members.map((m: { user_id: string; role: string }) => [m.user_id, m.role])).toEqual([
      [older!.id, 'owner'],
      [newer!.id, 'member'],
    ]);
    // The message stays in history as a deleted one; the other member's message is untouched.
    const history = await listMessages({
      deps: bed.deps,
      userId: older!.id,
      channelId: channel.id,
      beforeMessageId: '',
      limit: 10,
    });
    const erased = history.messages.find((m) => m.id === secret.message.id)!;
    expect(erased).toMatchObject({ body: null, mentioned_user_ids: [] });
    expect(erased.deleted_at).not.toBeNull();
    expect(history.messages.find((m) => m.id === kept.message.id)!.body).toBe('my own words');
    expect(await bed.deps.db('chat.attachments').where({ message_id: secret.message.id })).toHaveLength(0);

    // Two events after the ones before: the members changing, then the message deleted.
    const events = await eventsOf(older!.id, channel.id);
    // Catch-up answers seqs 1..N in order, so what came after is a slice.
    const after = events.slice(Number(seqBefore));
    expect(after.map((event) => event.type)).toEqual(['channel.members_changed', 'message.deleted']);
    expect(after[0]!.payload.value).toMatchObject({
      removedUserIds: [doomed!.id],
      memberIds: [older!.id, newer!.id],
    });
    expect(after[1]!.payload.value).toMatchObject({ message: { id: secret.message.id, deleted: true } });
    // Catch-up no longer carries what the account wrote.
    const posted = events.find(
      (event) =>
        event.payload.case === 'messagePosted' && event.payload.value.message?.id === secret.message.id,
    )!;
    expect(posted.payload.value).toMatchObject({
      message: { body: '', mentionedUserIds: [], attachmentFileIds: [] },
    });
    expect(Buffer.concat((await eventsOf(older!.id, channel.id)).map(encodeEvent)).toString()).not.toContain(
      'secret plans',
    );
  });

  it('keeps a direct channel readable by the other member, refuses new posts, and handles a redelivery as a no-op', async () => {
    const [doomed, peer, marker] = await bed.users(3);
    const { channel } = await createChannel({
      deps: bed.deps,
      userId: peer!.id,
      type: 'direct',
      name: '',
      memberIds: [doomed!.id],
    });
    await post(doomed!.id, channel.id, 'hello from a soon deleted account');
    const reply = await post(peer!.id, channel.id, 'hello back');
    const deleted = accountDeleted(doomed!.id);

    await publish(doomed!.id, deleted);
    await forgotten(doomed!.id);
    const lastSeq = async () =>
      (await bed.deps.db('chat.channels').where({ id: channel.id }).first()).last_seq as string;
    const seqAfter = await lastSeq();

    // Readable by the peer, no longer writable.
    const history = await listMessages({
      deps: bed.deps,
      userId: peer!.id,
      channelId: channel.id,
      beforeMessageId: '',
      limit: 10,
    });
    expect(history.messages.map((m) => m.body)).toEqual(['hello back', null]);
    expect(await codeOf(post(peer!.id, channel.id, 'anyone there?'))).toBe('direct_channel_closed');
    expect(reply.created).toBe(true);

    // The same event again, then a marker with the same key (same partition, so handled after it).
    const { channel: markerChannel } = await createChannel({
      deps: bed.deps,
      userId: peer!.id,
      type: 'direct',
      name: '',
      memberIds: [marker!.id],
    });
    await publish(doomed!.id, deleted, accountDeleted(marker!.id));
    await forgotten(marker!.id);
    expect(await lastSeq()).toBe(seqAfter);
    expect((await eventsOf(peer!.id, markerChannel.id)).map((event) => event.type)).toEqual([
      'channel.members_changed',
      'channel.members_changed',
    ]);
  });
});
