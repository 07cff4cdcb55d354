import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Kafka, logLevel } from 'kafkajs';
import knex from 'knex';
import {
  AccountDeletedSchema,
  UserEmailVerifiedSchema,
  UserEnabledSchema,
} from '../../../proto/gen/events/v1/events_pb.js';
import { EventConsumer, type EventHandler } from '../../internal/kafka/consumer';
import { encodeEvent, newEvent, type Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { createLogger } from '../../internal/logger';
import { eventually } from '../../internal/testing/eventually';
import { testKafkaNames } from '../../internal/testing/kafka-names';
import { requireTestEnv } from '../../internal/testing/require-env';
import { createGranteeAccountsConsumer } from './grantee-accounts';

// The consumer on real Kafka and Postgres: the rows are committed (the
// consumer has its own connection) and deleted after the tests.
describe('the grantee-accounts consumer', () => {
  const env = requireTestEnv(['DATABASE_URL', 'KAFKA_BROKERS']);
  const names = testKafkaNames();
  const kafka = new Kafka({
    clientId: 'files-grantee-accounts-test',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const db = knex({ client: 'pg', connection: env.DATABASE_URL });
  const producer = kafka.producer();
  const handled = new Map<string, number>();
  const owners: string[] = [];
  const accounts: string[] = [];
  let consumer: EventConsumer;

  beforeAll(async () => {
    await producer.connect();
    const handler = createGranteeAccountsConsumer(db, createLogger({ level: 'silent' }));
    // Counts completed deliveries per event id, so a test waits on this very consumer.
    const counting: EventHandler = {
      name: handler.name,
      topics: handler.topics,
      async handle(event, message) {
        await handler.handle(event, message);
        handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
      },
    };
    consumer = new EventConsumer(
      kafka,
      counting,
      createLogger({ level: 'silent' }),
      names.group(randomUUID()),
      names.topicPrefix,
    );
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer.disconnect();
    await db.withSchema('files').table('shares').whereIn('owner_id', owners).delete();
    await db.withSchema('files').table('grantee_accounts').whereIn('user_id', accounts).delete();
    await db.destroy();
  });

  const emailVerified = (userId: string, email: string): Event =>
    newEvent(
      { case: 'userEmailVerified', value: create(UserEmailVerifiedSchema, { userId, email }) },
      userId,
    );
  const accountDeleted = (userId: string): Event =>
    newEvent({ case: 'accountDeleted', value: create(AccountDeletedSchema, { userId }) }, '');
  // Same key, same partition: once the marker behind them (an event the
  // consumer ignores) is handled, everything sent before it with that key is too.
  const send = async (key: string, events: Event[]) => {
    const marker = newEvent({ case: 'userEnabled', value: create(UserEnabledSchema, { userId: key }) }, '');
    await producer.send({
      topic: names.topic(TOPICS.authEvents),
      messages: [...events, marker].map((event) => ({ key, value: encodeEvent(event) })),
    });
    await eventually(async () => handled.get(marker.id), 'the marker behind the events sent');
  };
  /** A live share of a new owner's (absent) file with `email`, unclaimed. */
  async function pendingShare(email: string) {
    const ownerId = randomUUID();
    owners.push(ownerId);
    const [share] = await db
      .withSchema('files')
      .table('shares')
      .insert({
        id: randomUUID(),
        item_kind: 'file',
        item_id: randomUUID(),
        owner_id: ownerId,
        grantee_email: email,
        role: 'viewer',
      })
      .returning('*');
    return share as { id: string };
  }
  const shareRow = async (id: string) => db.withSchema('files').table('shares').where({ id }).first();
  const newAccount = () => {
    const userId = randomUUID();
    accounts.push(userId);
    return { userId, email: `grantee-${userId}@example.test` };
  };

  it('a verified email claims the shares waiting for it; a redelivery changes nothing', async () => {
    const account = newAccount();
    const first = await pendingShare(account.email);
    const second = await pendingShare(account.email);
    const event = emailVerified(account.userId, account.email.toUpperCase());

    await send(account.userId, [event]);

    expect(await shareRow(first.id)).toMatchObject({ grantee_id: account.userId, revoked_at: null });
    expect(await shareRow(second.id)).toMatchObject({ grantee_id: account.userId });
    const recorded = await db
      .withSchema('files')
      .table('grantee_accounts')
      .where({ user_id: account.userId });
    expect(recorded).toEqual([expect.objectContaining({ email: account.email })]);

    await send(account.userId, [event]);
    expect(handled.get(event.id)).toBe(2);
    expect(await db.withSchema('files').table('grantee_accounts').where({ user_id: account.userId })).toEqual(
      recorded,
    );
    expect(await shareRow(first.id)).toMatchObject({ grantee_id: account.userId, revoked_at: null });
  });

  it('an address whose account has not verified it claims nothing', async () => {
    const unverified = newAccount();
    const waiting = await pendingShare(unverified.email);
    // Another account verifying its own address: the unverified one's share stays unclaimed.
    const other = newAccount();
    await send(other.userId, [emailVerified(other.userId, other.email)]);
    expect(await shareRow(waiting.id)).toMatchObject({ grantee_id: null, revoked_at: null });
  });

  it('a deleted account’s shares are revoked and its address forgotten; a redelivery changes nothing', async () => {
    const account = newAccount();
    const share = await pendingShare(account.email);
    await send(account.userId, [emailVerified(account.userId, account.email)]);
    const deleted = accountDeleted(account.userId);

    await send(account.userId, [deleted]);

    const revoked = await shareRow(share.id);
    expect(revoked.revoked_at).toBeInstanceOf(Date);
    expect(revoked.grantee_id).toBeNull();
    expect(await db.withSchema('files').table('grantee_accounts').where({ user_id: account.userId })).toEqual(
      [],
    );
    await send(account.userId, [deleted]);
    expect(handled.get(deleted.id)).toBe(2);
    expect((await shareRow(share.id)).revoked_at).toEqual(revoked.revoked_at);
  });

  it('skips an event whose user id is not a UUID instead of blocking the partition', async () => {
    const key = randomUUID();
    const account = newAccount();
    const share = await pendingShare(account.email);
    await send(key, [
      emailVerified('not-a-uuid', account.email),
      emailVerified(account.userId, account.email),
    ]);
    expect(await shareRow(share.id)).toMatchObject({ grantee_id: account.userId });
  });
});
