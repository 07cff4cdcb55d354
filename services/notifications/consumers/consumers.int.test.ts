import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import knex from 'knex';
import {
  AccountDeletedSchema,
  ChatMessageSchema,
  FileReadySchema,
  LinkCreatedSchema,
  MessagePostedSchema,
  ShareCreatedSchema,
  ShareRoleChangedSchema,
  SubscriptionChangedSchema,
  SubscriptionRenewalDueSchema,
} from '../../../proto/gen/events/v1/events_pb.js';
import { decodeEvent, encodeEvent, newEvent, type Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { eventually } from '../../internal/testing/eventually';
import { testKafkaNames } from '../../internal/testing/kafka-names';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';

// The columns these tests read (the notifications service's own table).
interface StoredNotification {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  subject_id: string;
  data: Record<string, string> | null;
  read_at: Date | null;
}

// The notifications target's consumers against real Kafka and Postgres: each
// test publishes domain events the way their services do and waits for the
// rows. auth and files run too: share texts ask them for names.
describe('notifications consumers', () => {
  let app: TestPlatform;
  let db: ReturnType<typeof knex>;
  let producer: Producer;
  const names = testKafkaNames();
  const kafka = new Kafka({
    clientId: 'notifications-consumers-test',
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });

  beforeAll(async () => {
    app = await startTestPlatform({ targets: ['auth', 'files', 'notifications'] });
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
    producer = kafka.producer();
    await producer.connect();
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await db?.destroy();
    await app?.stop();
  });

  const notificationsOf = (userId: string) =>
    db.withSchema('notifications').table('notifications').where({ user_id: userId }).orderBy('created_at');
  const rowsFrom = async (event: Event): Promise<StoredNotification[]> =>
    (await db
      .withSchema('notifications')
      .table('notifications')
      .where({ source_event_id: event.id })) as StoredNotification[];

  async function publish(topic: (typeof TOPICS)[keyof typeof TOPICS], key: string, ...events: Event[]) {
    await producer.send({
      topic: names.topic(topic),
      messages: events.map((event) => ({ key, value: encodeEvent(event) })),
    });
  }

  /** Waits until `event` produced `count` notifications; a marker behind others (same key) proves those were handled. */
  const handled = (event: Event, count = 1) =>
    eventually(async () => {
      const rows = await rowsFrom(event);
      return rows.length === count ? rows : undefined;
    }, `${count} notification(s) from ${event.type} ${event.id}`);

  // Ids come from destructured arrays, typed as possibly undefined.
  const setLevels = (levels: Array<{ user_id?: string; channel_id?: string; level: string }>) =>
    db.withSchema('notifications').table('channel_levels').insert(levels);

  const messagePosted = (post: {
    channelId: string;
    senderId: string;
    memberIds: string[];
    body: string;
    mentioned?: string[];
  }) =>
    newEvent(
      {
        case: 'messagePosted',
        value: create(MessagePostedSchema, {
          message: create(ChatMessageSchema, {
            id: randomUUID(),
            channelId: post.channelId,
            seq: 1n,
            senderId: post.senderId,
            body: post.body,
            mentionedUserIds: post.mentioned ?? [],
          }),
          memberIds: post.memberIds,
        }),
      },
      post.senderId,
    );

  const fileReady = (ownerId: string, name = 'report.pdf', version = 1) =>
    newEvent(
      {
        case: 'fileReady',
        value: create(FileReadySchema, { fileId: randomUUID(), ownerId, version, size: 10n, name }),
      },
      ownerId,
    );

  it('tells the owner a file is ready, once even when the event is delivered twice, and sends notification.created', async () => {
    const owner = randomUUID();
    const live: Event[] = [];
    const consumer = kafka.consumer({ groupId: names.group(`notifications-live-${randomUUID()}`) });
    await consumer.connect();
    await consumer.subscribe({ topic: names.topic(TOPICS.notificationEvents), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === owner) live.push(decodeEvent(message.value!));
      },
    });
    try {
      const ready = fileReady(owner, 'holiday photos.zip');
      const marker = fileReady(owner, 'marker.txt');
      // The same event twice, then a marker: once the marker is stored, the duplicate was handled.
      await publish(TOPICS.filesEvents, owner, ready, ready, marker);
      await handled(marker);
      const rows = await rowsFrom(ready);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        user_id: owner,
        kind: 'file.ready',
        title: 'File ready',
        body: '“holiday photos.zip” finished uploading and is ready.',
        subject_id: ready.payload.case === 'fileReady' ? ready.payload.value.fileId : '',
        read_at: null,
      });

      // Through the outbox to notifications.events, keyed by the user, once per notification.
      const pushed = await eventually(
        async () => (live.length >= 2 ? live : undefined),
        'notification.created for both files',
      );
      expect(pushed.map((event) => event.type)).toEqual(['notification.created', 'notification.created']);
      expect(pushed[0]!.payload).toMatchObject({
        case: 'notificationCreated',
        value: {
          notificationId: rows[0]!.id,
          userId: owner,
          kind: 'file.ready',
          title: 'File ready',
          dataJson: '{"version":"1"}',
        },
      });
    } finally {
      await consumer.disconnect();
    }
  });

  it('tells the grantee of a share whose account is known, and nobody when it is not known yet', async () => {
    const owner = randomUUID();
    const grantee = randomUUID();
    const share = (granteeId: string) =>
      newEvent(
        {
          case: 'shareCreated',
          value: create(ShareCreatedSchema, {
            shareId: randomUUID(),
            ownerId: owner,
            itemKind: 'folder',
            itemId: randomUUID(),
            granteeEmail: 'grantee@example.test',
            role: 'editor',
            granteeId,
          }),
        },
        owner,
      );
    const unknownGrantee = share('');
    const known = share(grantee);
    const roleChanged = newEvent(
      {
        case: 'shareRoleChanged',
        value: create(ShareRoleChangedSchema, {
          shareId: randomUUID(),
          ownerId: owner,
          itemKind: 'file',
          itemId: randomUUID(),
          granteeEmail: 'grantee@example.test',
          previousRole: 'editor',
          role: 'viewer',
          granteeId: grantee,
        }),
      },
      owner,
    );
    await publish(TOPICS.filesEvents, owner, unknownGrantee, known, roleChanged);
    await handled(roleChanged);
    expect(await rowsFrom(unknownGrantee)).toHaveLength(0);
    // The owner and the items are unknown to auth and files here: the texts fall back to neutral words.
    expect((await rowsFrom(known))[0]).toMatchObject({
      user_id: grantee,
      kind: 'share.created',
      title: 'Folder shared with you',
      body: 'Someone shared the folder with you as editor.',
      data: { itemKind: 'folder', role: 'editor' },
    });
    expect((await rowsFrom(roleChanged))[0]).toMatchObject({
      user_id: grantee,
      kind: 'share.role_changed',
      title: 'Your access changed',
      body: 'Someone made you viewer of the file.',
    });
    expect(await notificationsOf(owner)).toHaveLength(0);
  });

  it('tells the owner of a public link created on their file, without its token', async () => {
    const owner = randomUUID();
    const editor = randomUUID();
    const link = (actor: string) =>
      newEvent(
        {
          case: 'linkCreated',
          value: create(LinkCreatedSchema, {
            linkId: randomUUID(),
            fileId: randomUUID(),
            ownerId: owner,
            expiresAt: timestampFromDate(new Date('2030-01-02T03:04:05.000Z')),
            hasPassword: true,
          }),
        },
        actor,
      );
    const byOwner = link(owner);
    const byEditor = link(editor);
    await publish(TOPICS.filesEvents, owner, byOwner, byEditor);
    await handled(byEditor);
    expect((await rowsFrom(byOwner))[0]).toMatchObject({
      user_id: owner,
      kind: 'link.created',
      title: 'Public link created',
      body: 'A public link to your file was created, valid until 2030-01-02T03:04:05.000Z, with a password.',
    });
    expect((await rowsFrom(byEditor))[0]).toMatchObject({
      body: 'Someone created a public link to your file, valid until 2030-01-02T03:04:05.000Z, with a password.',
    });
  });

  it('tells the subscriber of a renewal coming up and of a change', async () => {
    const user = randomUUID();
    const due = newEvent(
      {
        case: 'subscriptionRenewalDue',
        value: create(SubscriptionRenewalDueSchema, {
          userId: user,
          planSlug: 'pro',
          amountCents: 999,
          periodEnd: timestampFromDate(new Date('2030-05-06T00:00:00.000Z')),
        }),
      },
      '',
    );
    const changed = newEvent(
      {
        case: 'subscriptionChanged',
        value: create(SubscriptionChangedSchema, {
          userId: user,
          planSlug: 'free',
          status: 'past_due',
          change: 'past_due',
        }),
      },
      '',
    );
    await publish(TOPICS.billingEvents, user, due, changed);
    await handled(changed);
    expect((await rowsFrom(due))[0]).toMatchObject({
      user_id: user,
      kind: 'subscription.renewal_due',
      title: 'Subscription renews soon',
      body: 'Your pro plan renews on 2030-05-06 for 9.99.',
    });
    expect((await rowsFrom(changed))[0]).toMatchObject({
      kind: 'subscription.changed',
      title: 'Payment failed',
      body: 'Your plan is free (past due).',
      data: { plan: 'free', status: 'past_due', change: 'past_due' },
    });
  });

  it('tells channel members of a message by their level: none, mentions (the default) or all', async () => {
    const channelId = randomUUID();
    const [sender, mentionedDefault, allLevel, noneMentioned, quietDefault, mentionedAll] = Array.from(
      { length: 6 },
      () => randomUUID(),
    );
    const outsider = randomUUID();
    await setLevels([
      { user_id: allLevel, channel_id: channelId, level: 'all' },
      { user_id: mentionedAll, channel_id: channelId, level: 'all' },
      { user_id: noneMentioned, channel_id: channelId, level: 'none' },
      // The sender's own level never notifies them of their own message.
      { user_id: sender, channel_id: channelId, level: 'all' },
    ]);
    const members = [sender!, mentionedDefault!, allLevel!, noneMentioned!, quietDefault!, mentionedAll!];
    const posted = (body: string, mentioned: string[]) =>
      messagePosted({ channelId, senderId: sender!, memberIds: members, body, mentioned });
    const message = posted('hello @team, the build is green', [
      mentionedDefault!,
      noneMentioned!,
      mentionedAll!,
      outsider,
      sender!,
    ]);
    await publish(TOPICS.chatEvents, channelId, message, message);
    const rows = await handled(message, 3);
    const byUser = new Map(rows.map((row) => [row.user_id, row]));
    expect([...byUser.keys()].sort()).toEqual([mentionedDefault, allLevel, mentionedAll].sort());
    expect(byUser.get(mentionedDefault!)).toMatchObject({
      kind: 'mention',
      title: 'Someone mentioned you',
      body: 'hello @team, the build is green',
      subject_id: channelId,
      data: { channelId, messageId: (message.payload.value as { message: { id: string } }).message.id },
    });
    expect(byUser.get(mentionedAll!)).toMatchObject({ kind: 'mention' });
    expect(byUser.get(allLevel!)).toMatchObject({ kind: 'message', title: 'New message from Someone' });

    // Lowering a level takes effect for the next message.
    await db
      .withSchema('notifications')
      .table('channel_levels')
      .where({ user_id: allLevel, channel_id: channelId })
      .update({ level: 'mentions' });
    const next = posted('no mentions here', []);
    const marker = posted('@you', [quietDefault!]);
    await publish(TOPICS.chatEvents, channelId, next, marker);
    // The mentioned member (default level) and the one who reads everything.
    await handled(marker, 2);
    expect((await rowsFrom(next)).map((row) => row.user_id)).toEqual([mentionedAll]);
  });

  it('reads the levels of a batch of messages together, each for its own channel', async () => {
    const [loud, quiet, sender, reader] = Array.from({ length: 4 }, () => randomUUID());
    // The same reader hears everything in one channel and nothing in the other.
    await setLevels([
      { user_id: reader, channel_id: loud, level: 'all' },
      { user_id: reader, channel_id: quiet, level: 'none' },
    ]);
    const inChannel = (channelId: string, body: string) =>
      messagePosted({ channelId, senderId: sender!, memberIds: [sender!, reader!], body });
    const posts = [
      inChannel(quiet!, 'q1'),
      inChannel(loud!, 'l1'),
      inChannel(quiet!, 'q2'),
      inChannel(loud!, 'l2'),
    ];
    // One send on one key: one partition, fetched as one batch.
    await publish(TOPICS.chatEvents, loud!, ...posts);
    await handled(posts[3]!);
    const rows = await Promise.all(posts.map(rowsFrom));
    expect(rows.map((stored) => stored.map((row) => [row.user_id, row.body]))).toEqual([
      [],
      [[reader, 'l1']],
      [],
      [[reader, 'l2']],
    ]);
  });

  it("deletes a deleted account's notifications and stores none for it afterwards", async () => {
    const user = randomUUID();
    const before = fileReady(user);
    await publish(TOPICS.filesEvents, user, before);
    await handled(before);
    const deleted = newEvent(
      { case: 'accountDeleted', value: create(AccountDeletedSchema, { userId: user }) },
      '',
    );
    await publish(TOPICS.authEvents, user, deleted);
    await eventually(
      async () => ((await notificationsOf(user)).length === 0 ? true : undefined),
      "the deleted account's notifications gone",
    );
    // An event still on its way when the account went: handled, and nothing stored.
    const late = fileReady(user);
    const marker = fileReady(randomUUID());
    await publish(TOPICS.filesEvents, user, late);
    await publish(TOPICS.filesEvents, user, marker);
    await handled(marker);
    expect(await notificationsOf(user)).toHaveLength(0);
    expect(
      await db.withSchema('notifications').table('processed_events').where({ event_id: late.id }),
    ).toHaveLength(1);
  });
});
