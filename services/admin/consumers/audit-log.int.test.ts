import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import knex from 'knex';
import { create } from '@bufbuild/protobuf';
import {
  AccountDeletedSchema,
  ShareCreatedSchema,
  FileReadySchema,
  SubscriptionChangedSchema,
  UserDisabledSchema,
  UserSignedUpSchema,
} from '../../../proto/gen/events/v1/events_pb.js';
import { decodeEvent, encodeEvent, newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { eventually } from '../../internal/testing/eventually';
import { testKafkaNames } from '../../internal/testing/kafka-names';
import { apiClient, uniqueEmail } from '../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';

describe('user.signed_up events', () => {
  let app: TestPlatform;
  let db: ReturnType<typeof knex>;
  const names = testKafkaNames();
  const kafka = new Kafka({
    clientId: 'audit-log-test',
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });

  beforeAll(async () => {
    app = await startTestPlatform({ targets: ['gateway', 'auth', 'admin'] });
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  });

  afterAll(async () => {
    await db?.destroy();
    await app?.stop();
  });

  const auditRows = (eventId: string) =>
    db.withSchema('admin').table('audit_log').where({ event_id: eventId });

  it('publishes a protobuf event on Kafka that the audit log records exactly once, even when delivered twice', async () => {
    const received: Array<{ key: string; value: Buffer }> = [];
    const consumer = kafka.consumer({ groupId: names.group(`audit-log-test-${Date.now()}`) });
    await consumer.connect();
    await consumer.subscribe({ topic: names.topic(TOPICS.authEvents), fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void received.push({ key: message.key!.toString(), value: message.value! }),
    });
    await eventually(
      async () =>
        consumer.describeGroup ? (await consumer.describeGroup()).state === 'Stable' || undefined : true,
      'the test consumer to join',
    );

    try {
      const email = uniqueEmail();
      const signup = await apiClient(app.baseUrl)('POST', '/v1/auth/signup', {
        body: { email, password: 'correct horse battery' },
      });
      expect(signup.status).toBe(201);
      const userId = signup.body.user.id as string;

      const record = await eventually(
        async () => received.find((message) => message.key === userId),
        'the signup event on Kafka',
      );
      const event = decodeEvent(record.value);
      expect(event).toMatchObject({ type: 'user.signed_up', actorUserId: userId });
      expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(event.occurredAt).toBeDefined();
      expect(event.payload).toMatchObject({ case: 'userSignedUp', value: { userId, email } });

      await eventually(
        async () => (await auditRows(event.id)).length === 1 || undefined,
        'the audit-log row',
      );

      // Deliver the very same event again, then a marker event behind it with
      // the same key (same partition, so in order): once the marker is
      // recorded, the duplicate has been handled too.
      const marker = newEvent(
        { case: 'userSignedUp', value: create(UserSignedUpSchema, { userId, email: 'marker@example.test' }) },
        userId,
      );
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: names.topic(TOPICS.authEvents),
        messages: [
          { key: userId, value: record.value },
          { key: userId, value: encodeEvent(marker) },
        ],
      });
      await producer.disconnect();
      await eventually(async () => (await auditRows(marker.id)).length === 1 || undefined, 'the marker row');

      const rows = await auditRows(event.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'user.signed_up',
        actor_user_id: userId,
        subject_id: userId,
        data: { email },
      });
    } finally {
      await consumer.disconnect();
    }
  });

  it('records audited events with their subject and payload, from the auth and audit topics, and skips the rest', async () => {
    const admin = randomUUID();
    const target = randomUUID();
    const disabled = newEvent(
      { case: 'userDisabled', value: create(UserDisabledSchema, { userId: target }) },
      admin,
    );
    const notAudited = newEvent(
      { case: 'fileReady', value: create(FileReadySchema, { fileId: randomUUID(), ownerId: target }) },
      target,
    );
    const marker = newEvent(
      { case: 'userDisabled', value: create(UserDisabledSchema, { userId: target }) },
      admin,
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: names.topic(TOPICS.auditEvents),
      messages: [disabled, notAudited, marker].map((event) => ({ key: target, value: encodeEvent(event) })),
    });
    await producer.disconnect();
    // Same key, same partition, in order: once the marker is there, the others were handled.
    await eventually(async () => (await auditRows(marker.id)).length === 1 || undefined, 'the marker row');
    expect(await auditRows(notAudited.id)).toHaveLength(0);
    expect((await auditRows(disabled.id))[0]).toMatchObject({
      action: 'user.disabled',
      actor_user_id: admin,
      subject_id: target,
      data: { userId: target },
    });
  });

  it('records plan changes from billing, and account deletions from auth without the deleted user', async () => {
    const admin = randomUUID();
    const target = randomUUID();
    const changed = newEvent(
      {
        case: 'subscriptionChanged',
        value: create(SubscriptionChangedSchema, {
          userId: target,
          planSlug: 'pro',
          status: 'active',
          change: 'upgraded',
        }),
      },
      target,
    );
    const deleted = newEvent(
      { case: 'accountDeleted', value: create(AccountDeletedSchema, { userId: target }) },
      admin,
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: names.topic(TOPICS.billingEvents),
      messages: [{ key: target, value: encodeEvent(changed) }],
    });
    await producer.send({
      topic: names.topic(TOPICS.authEvents),
      messages: [{ key: target, value: encodeEvent(deleted) }],
    });
    await producer.disconnect();
    await eventually(
      async () => (await auditRows(changed.id)).length === 1 || undefined,
      'the plan change row',
    );
    await eventually(async () => (await auditRows(deleted.id)).length === 1 || undefined, 'the deletion row');
    expect((await auditRows(changed.id))[0]).toMatchObject({
      action: 'subscription.changed',
      actor_user_id: target,
      subject_id: target,
      data: { userId: target, planSlug: 'pro', change: 'upgraded' },
    });
    // Who deleted an account, and when, but not whose: the user is gone.
    expect((await auditRows(deleted.id))[0]).toMatchObject({
      action: 'account.deleted',
      actor_user_id: admin,
      subject_id: null,
      data: {},
    });
  });

  it('records a share without its address: the log cannot forget a deleted person’s email', async () => {
    const owner = randomUUID();
    const shared = newEvent(
      {
        case: 'shareCreated',
        value: create(ShareCreatedSchema, {
          shareId: randomUUID(),
          ownerId: owner,
          itemKind: 'file',
          itemId: randomUUID(),
          granteeEmail: 'someone@example.test',
          role: 'viewer',
        }),
      },
      owner,
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: names.topic(TOPICS.filesEvents),
      messages: [{ key: owner, value: encodeEvent(shared) }],
    });
    await producer.disconnect();
    await eventually(async () => (await auditRows(shared.id)).length === 1 || undefined, 'the share row');
    const [row] = await auditRows(shared.id);
    expect(row).toMatchObject({ action: 'share.created', actor_user_id: owner, data: { role: 'viewer' } });
    expect(JSON.stringify(row.data)).not.toContain('someone@example.test');
  });
});
