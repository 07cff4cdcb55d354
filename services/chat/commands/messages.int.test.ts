import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS, topicName } from '../../internal/kafka/topics';
import { decodeEvent } from '../../internal/kafka/events';
import { AppError } from '../../internal/errors';
import { eventually } from '../../internal/testing/eventually';
import { startChatTestBed, type ChatTestBed } from '../testing/platform-deps';
import { createChannel } from './create-channel';
import { deleteMessage, editMessage } from './edit-message';
import { getAttachmentDownloadUrl } from './get-attachment-download-url';
import { getChannel } from './get-channel';
import { getMessageStats } from './get-message-stats';
import { listChannelEvents } from './list-channel-events';
import { listChannels } from './list-channels';
import { listMessages } from './list-messages';
import { markRead } from './mark-read';
import { ChannelPostStates } from '../channel-post-states';
import { ChannelTurns } from '../channel-turns';
import { postMessage } from './post-message';
import { addMembers } from './add-members';
import { removeMember } from './remove-member';

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe('chat messages (real Postgres, and auth and files over gRPC)', () => {
  let bed: ChatTestBed;
  beforeAll(async () => {
    bed = await startChatTestBed();
  });
  afterAll(async () => {
    await bed?.stop();
  });

  const group = async (ownerId: string, memberIds: string[]) =>
    (await createChannel({ deps: bed.deps, userId: ownerId, type: 'group', name: 'g', memberIds })).channel
      .id;
  const post = (userId: string, channelId: string, body: string, clientMessageId = '') =>
    postMessage({ deps: bed.deps, userId, channelId, body, attachmentFileIds: [], clientMessageId });

  it('keeps the order per channel under 1,000 concurrent posts: seqs gapless, history in seq order', async () => {
    const [a, b] = await bed.users(2);
    const channelId = await group(a!.id, [b!.id]);
    const posted = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => post(i % 2 ? a!.id : b!.id, channelId, `message ${i}`)),
    );
    // Seq 1 is the channel's creation; the posts took 2..1001, each once.
    const seqs = posted.map((p) => Number(p.message.seq)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));

    const events: Buffer[] = [];
    for (let after = 0n, more = true; more;) {
      const page = await listChannelEvents({
        deps: bed.deps,
        userId: a!.id,
        channelId,
        afterSeq: after,
        limit: 300,
      });
      events.push(...page.events);
      more = page.more;
      after = BigInt(events.length);
    }
    const eventSeqs = events.map((bytes) => {
      const event = decodeEvent(bytes);
      return event.payload.case === 'messagePosted'
        ? Number(event.payload.value.message!.seq)
        : event.payload.case === 'channelMembersChanged'
          ? Number(event.payload.value.seq)
          : -1;
    });
    expect(eventSeqs).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1));
    // Each posted event names the message that took that seq, with the members.
    const bySeq = new Map(posted.map((p) => [Number(p.message.seq), p.message.id]));
    for (const bytes of events.slice(1)) {
      const event = decodeEvent(bytes);
      if (event.payload.case !== 'messagePosted') throw new Error(event.type);
      expect(event.payload.value.message!.id).toBe(bySeq.get(Number(event.payload.value.message!.seq)));
      expect(event.payload.value.memberIds.sort()).toEqual([a!.id, b!.id].sort());
    }

    // History newest first, page by page with the cursor: exactly the seqs descending.
    const history: number[] = [];
    let before = '';
    do {
      const page = await listMessages({
        deps: bed.deps,
        userId: b!.id,
        channelId,
        beforeMessageId: before,
        limit: 100,
      });
      history.push(...page.messages.map((m) => Number(m.seq)));
      before = page.nextBefore;
    } while (before);
    expect(history).toEqual([...seqs].reverse());
    // The platform's relay sends them all to chat.events (keyed by the channel) and empties the outbox.
    await eventually(async () => {
      const [row] = await bed.deps.db('chat.outbox').where({ key: channelId }).count({ count: '*' });
      return Number(row!.count) === 0 || undefined;
    }, 'the chat outbox relayed');
  });

  it('publishes a channel’s events on chat.events, keyed by the channel, in seq order', async () => {
    const [a, b] = await bed.users(2);
    const channelId = await group(a!.id, [b!.id]);
    await Promise.all(Array.from({ length: 300 }, (_, i) => post(i % 2 ? a!.id : b!.id, channelId, `m${i}`)));
    const kafka = new Kafka({
      clientId: 'chat-order-test',
      brokers: process.env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `chat-order-test-${randomUUID()}` });
    const seqs: number[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({
        topic: topicName(TOPICS.chatEvents, process.env.KAFKA_TOPIC_PREFIX ?? ''),
        fromBeginning: true,
      });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== channelId || !message.value) return;
          const event = decodeEvent(message.value);
          const { payload } = event;
          if (payload.case === 'messagePosted') seqs.push(Number(payload.value.message!.seq));
          else if (payload.case === 'channelMembersChanged') seqs.push(Number(payload.value.seq));
        },
      });
      await eventually(
        async () => (seqs.length >= 301 ? true : undefined),
        'the channel’s 301 events',
        60_000,
      );
    } finally {
      await consumer.disconnect();
    }
    expect(seqs).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));
  });

  it('counts unread right after a random interleaving of posts, deletes and reads', async () => {
    const users = await bed.users(3);
    const ids = users.map((u) => u.id);
    const channelId = await group(ids[0]!, ids.slice(1));
    // The model: every message (seq, sender, deleted) and each member's read seq.
    const model: Array<{ id: string; seq: number; sender: string; deleted: boolean }> = [];
    const readSeq = new Map(ids.map((id) => [id, 0]));
    const random = (n: number) => Math.floor(Math.random() * n);
    for (let step = 0; step < 150; step += 1) {
      const actor = ids[random(ids.length)]!;
      const roll = Math.random();
      if (roll < 0.55 || model.length === 0) {
        const { message } = await post(actor, channelId, `step ${step}`);
        model.push({ id: message.id, seq: Number(message.seq), sender: actor, deleted: false });
      } else if (roll < 0.65) {
        const own = model.filter((m) => m.sender === actor && !m.deleted);
        if (own.length === 0) continue;
        const victim = own[random(own.length)]!;
        await deleteMessage({ deps: bed.deps, userId: actor, channelId, messageId: victim.id });
        victim.deleted = true;
      } else {
        const target = model[random(model.length)]!;
        const { readSeq: after } = await markRead({
          deps: bed.deps,
          userId: actor,
          channelId,
          messageId: target.id,
        });
        readSeq.set(actor, Math.max(readSeq.get(actor)!, target.seq));
        expect(Number(after)).toBe(readSeq.get(actor));
      }
      if (step % 25 === 0 || step === 149) {
        for (const id of ids) {
          const summary = (await listChannels({ deps: bed.deps, userId: id })).find(
            (s) => s.channel.id === channelId,
          )!;
          const expected = model.filter(
            (m) => m.seq > readSeq.get(id)! && m.sender !== id && !m.deleted,
          ).length;
          expect({ id, unread: summary.unreadCount }).toEqual({ id, unread: expected });
          expect(Number(summary.readSeq)).toBe(readSeq.get(id));
          expect(summary.lastMessage?.message.id).toBe(model[model.length - 1]!.id);
        }
      }
    }
  });

  it('makes a post with a clientMessageId idempotent: concurrent retries give one message and one event', async () => {
    const [a, b] = await bed.users(2);
    const channelId = await group(a!.id, [b!.id]);
    const clientMessageId = randomUUID();
    const tries = await Promise.all(
      Array.from({ length: 10 }, () => post(a!.id, channelId, 'once', clientMessageId)),
    );
    expect(new Set(tries.map((t) => t.message.id)).size).toBe(1);
    expect(tries.filter((t) => t.created)).toHaveLength(1);
    const later = await post(a!.id, channelId, 'once', clientMessageId);
    expect(later).toMatchObject({ created: false, message: { id: tries[0]!.message.id } });
    // A retry takes the channel's next seq before it finds the earlier post: it must roll back, leaving no gap.
    const next = await post(a!.id, channelId, 'next');
    expect(BigInt(next.message.seq)).toBe(BigInt(tries[0]!.message.seq) + 1n);
    const history = await listMessages({
      deps: bed.deps,
      userId: b!.id,
      channelId,
      beforeMessageId: '',
      limit: 100,
    });
    expect(history.messages).toHaveLength(2);
    const { events } = await listChannelEvents({
      deps: bed.deps,
      userId: b!.id,
      channelId,
      afterSeq: 1n,
      limit: 0,
    });
    expect(events).toHaveLength(2);
    // The same client id from another sender is another message.
    expect((await post(b!.id, channelId, 'mine', clientMessageId)).created).toBe(true);
  });

  it('edits and deletes own messages only, parses mentions of members, refuses bad bodies', async () => {
    const [a, b, outsider] = await bed.users(3);
    const channelId = await group(a!.id, [b!.id]);
    const { message } = await post(a!.id, channelId, `hi @${b!.id} and @${outsider!.id} and @${a!.id}`);
    expect(message.mentioned_user_ids).toEqual([b!.id]);
    const deps = bed.deps;
    expect(
      await codeOf(editMessage({ deps, userId: b!.id, channelId, messageId: message.id, body: 'x' })),
    ).toBe('forbidden');
    expect(await codeOf(deleteMessage({ deps, userId: b!.id, channelId, messageId: message.id }))).toBe(
      'forbidden',
    );
    expect(
      await codeOf(editMessage({ deps, userId: outsider!.id, channelId, messageId: message.id, body: 'x' })),
    ).toBe('channel_not_found');
    expect(
      await codeOf(editMessage({ deps, userId: a!.id, channelId, messageId: randomUUID(), body: 'x' })),
    ).toBe('message_not_found');
    const edited = await editMessage({
      deps,
      userId: a!.id,
      channelId,
      messageId: message.id,
      body: 'edited',
    });
    expect(edited.message).toMatchObject({ body: 'edited', mentioned_user_ids: [] });
    expect(edited.message.edited_at).toBeInstanceOf(Date);
    await deleteMessage({ deps, userId: a!.id, channelId, messageId: message.id });
    await deleteMessage({ deps, userId: a!.id, channelId, messageId: message.id });
    const [shown] = (await listMessages({ deps, userId: b!.id, channelId, beforeMessageId: '', limit: 10 }))
      .messages;
    expect(shown).toMatchObject({ id: message.id, body: null });
    expect(shown!.deleted_at).toBeInstanceOf(Date);
    expect(
      await codeOf(editMessage({ deps, userId: a!.id, channelId, messageId: message.id, body: 'again' })),
    ).toBe('message_deleted');
    // Post, edit, delete: three events after the creation (the second delete sent none).
    const { events } = await listChannelEvents({ deps, userId: a!.id, channelId, afterSeq: 1n, limit: 0 });
    expect(events.map((bytes) => decodeEvent(bytes).type)).toEqual([
      'message.created',
      'message.updated',
      'message.deleted',
    ]);

    for (const body of ['', '   ', 'x'.repeat(4001), 'evil \u202E txt.exe', 'iso \u2066 x']) {
      expect(await codeOf(post(a!.id, channelId, body))).toBe('invalid_argument');
    }
    // 4,000 characters counted as code points: 4,000 emoji pass.
    expect((await post(a!.id, channelId, '😀'.repeat(4000))).created).toBe(true);
  });

  it('counts messages per UTC day for the admin stats, today last, zero days included', async () => {
    const [a, b] = await bed.users(2);
    const channelId = await group(a!.id, [b!.id]);
    const before = await getMessageStats({ deps: bed.deps, days: 30 });
    expect(before).toHaveLength(30);
    expect(before.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
    for (const body of ['one', 'two', 'three']) await post(a!.id, channelId, body);
    const after = await getMessageStats({ deps: bed.deps, days: 30 });
    // Other tests on the same database may post meanwhile: at least these three.
    expect(after.at(-1)!.count - before.at(-1)!.count).toBeGreaterThanOrEqual(3);
    expect(await codeOf(getMessageStats({ deps: bed.deps, days: 0 }))).toBe('invalid_argument');
  });

  /** Counts the statements bed.deps.db sends (nothing else uses that pool while a test runs). */
  function countStatements(): { count(): number; stop(): void } {
    const pool = bed.deps.db.client as {
      acquireConnection(): Promise<{ query(...args: unknown[]): unknown }>;
    };
    const acquire = pool.acquireConnection;
    let count = 0;
    const counted = new WeakSet<object>();
    pool.acquireConnection = async () => {
      const connection = await acquire.call(pool);
      if (!counted.has(connection)) {
        counted.add(connection);
        const query = connection.query;
        connection.query = (...args: unknown[]) => {
          if (counting) count += 1;
          return query.apply(connection, args);
        };
      }
      return connection;
    };
    let counting = true;
    return {
      count: () => count,
      stop: () => {
        counting = false;
        pool.acquireConnection = acquire;
      },
    };
  }

  it('posts in one statement when this process knows the channel: no BEGIN, no COMMIT, one round trip', async () => {
    const [a, b] = await bed.users(2);
    const channelId = await group(a!.id, [b!.id]);
    await post(a!.id, channelId, 'first: learns the channel');
    const statements = countStatements();
    try {
      const second = await post(b!.id, channelId, 'second: one round trip');
      expect(statements.count()).toBe(1);
      expect(second.message.seq).toBe('3');
    } finally {
      statements.stop();
    }
  });

  it('builds a post again when its guess is stale: another process posted, a member joined or left', async () => {
    const [a, b, c] = await bed.users(3);
    const channelId = await group(a!.id, [b!.id]);
    // Another chat process: the same database, its own guesses.
    const other = { ...bed.deps, postStates: new ChannelPostStates(), postTurns: new ChannelTurns() };
    const postFrom = (deps: typeof bed.deps, userId: string, body: string) =>
      postMessage({ deps, userId, channelId, body, attachmentFileIds: [], clientMessageId: '' });
    expect((await postFrom(bed.deps, a!.id, 'here')).message.seq).toBe('2');
    expect((await postFrom(other, b!.id, 'there')).message.seq).toBe('3');
    // This process last saw seq 2: its guess (3) is refused, and the post takes 4.
    expect((await postFrom(bed.deps, a!.id, 'here again')).message.seq).toBe('4');

    // c joins through the other process; this one still guesses [a, b].
    await addMembers({ deps: other, userId: a!.id, channelId, memberIds: [c!.id] });
    const mention = await postFrom(bed.deps, a!.id, `hello @${c!.id}`);
    expect(mention.message.mentioned_user_ids).toEqual([c!.id]);
    // c never posted from this process: accepted from the current state, not refused on the guess.
    expect(await codeOf(postFrom(bed.deps, c!.id, 'new here'))).toBe('ok');

    // b leaves through the other process; this process's guess still lists b.
    await removeMember({ deps: other, userId: a!.id, channelId, memberId: b!.id });
    expect(await codeOf(postFrom(bed.deps, b!.id, 'after I left'))).toBe('channel_not_found');
    await postFrom(bed.deps, a!.id, 'after b left');

    // Every event names the members as they were when it took its seq, and the seqs are gapless.
    const { events } = await listChannelEvents({
      deps: bed.deps,
      userId: a!.id,
      channelId,
      afterSeq: 0n,
      limit: 50,
    });
    const posted = events
      .map(decodeEvent)
      .flatMap((event) =>
        event.payload.case === 'messagePosted'
          ? [{ body: event.payload.value.message!.body, members: event.payload.value.memberIds.length }]
          : [],
      );
    expect(posted).toEqual([
      { body: 'here', members: 2 },
      { body: 'there', members: 2 },
      { body: 'here again', members: 2 },
      { body: `hello @${c!.id}`, members: 3 },
      { body: 'new here', members: 3 },
      { body: 'after b left', members: 2 },
    ]);
  });

  it('reads the members after the channel lock: a member removed while their post waits for it is refused', async () => {
    const [a, b] = await bed.users(2);
    const channelId = await group(a!.id, [b!.id]);
    // A membership change holds the channel's lock (as removeMember does) while b posts.
    const change = await bed.deps.db.transaction();
    try {
      await change.raw('SELECT 1 FROM chat.channels WHERE id = ? FOR UPDATE', [channelId]);
      await change.raw('DELETE FROM chat.members WHERE channel_id = ? AND user_id = ?', [channelId, b!.id]);
      const posting = codeOf(post(b!.id, channelId, 'sent as I am removed'));
      await eventually(async () => {
        const waiting = await bed.deps.db.raw<{ rows: unknown[] }>(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%post_message_if_current%'`,
        );
        return waiting.rows.length > 0 ? true : undefined;
      }, 'the post to wait for the channel lock');
      await change.commit();
      expect(await posting).toBe('channel_not_found');
    } finally {
      if (!change.isCompleted()) await change.rollback();
    }
    const { messages } = await listMessages({
      deps: bed.deps,
      userId: a!.id,
      channelId,
      beforeMessageId: '',
      limit: 10,
    });
    expect(messages.map((message) => message.body)).not.toContain('sent as I am removed');
  });

  it('answers channel_not_found to a non-member on every channel command, and lists nothing to them', async () => {
    const [a, b, outsider] = await bed.users(3);
    const channelId = await group(a!.id, [b!.id]);
    const { message } = await post(a!.id, channelId, 'secret');
    const deps = bed.deps;
    const userId = outsider!.id;
    const attempts = [
      getChannel({ deps, userId, channelId }),
      post(userId, channelId, 'hello'),
      postMessage({
        deps,
        userId,
        channelId,
        body: 'x',
        attachmentFileIds: [randomUUID()],
        clientMessageId: '',
      }),
      listMessages({ deps, userId, channelId, beforeMessageId: '', limit: 10 }),
      editMessage({ deps, userId, channelId, messageId: message.id, body: 'x' }),
      deleteMessage({ deps, userId, channelId, messageId: message.id }),
      markRead({ deps, userId, channelId, messageId: message.id }),
      listChannelEvents({ deps, userId, channelId, afterSeq: 0n, limit: 0 }),
      addMembers({ deps, userId, channelId, memberIds: [userId] }),
      removeMember({ deps, userId, channelId, memberId: a!.id }),
      getAttachmentDownloadUrl({ deps, userId, channelId, messageId: message.id, fileId: randomUUID() }),
    ];
    for (const attempt of attempts) expect(await codeOf(attempt)).toBe('channel_not_found');
    // Exactly as for a channel that does not exist.
    expect(await codeOf(getChannel({ deps, userId, channelId: randomUUID() }))).toBe('channel_not_found');
    expect((await listChannels({ deps, userId })).map((s) => s.channel.id)).not.toContain(channelId);
  });
});
