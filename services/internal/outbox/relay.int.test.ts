import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Kafka, logLevel } from 'kafkajs';
import knex from 'knex';
import { UserSignedUpSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { decodeEvent, newEvent } from '../kafka/events';
import { EventProducer } from '../kafka/producer';
import { TOPICS } from '../kafka/topics';
import { createLogger } from '../logger';
import { eventually } from '../testing/eventually';
import { testKafkaNames } from '../testing/kafka-names';
import { requireTestEnv } from '../testing/require-env';
import { enqueueEvent } from './outbox';
import { OutboxRelay } from './relay';

describe('the outbox relay', () => {
  const env = requireTestEnv(['KAFKA_BROKERS', 'DATABASE_URL']);
  const kafka = new Kafka({
    clientId: 'outbox-test',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const db = knex({ client: 'pg', connection: env.DATABASE_URL });
  const names = testKafkaNames();
  const producer = new EventProducer(kafka, names.topicPrefix);

  beforeAll(() => producer.connect());
  afterAll(async () => {
    await producer.disconnect();
    await db.destroy();
  });

  it('sends committed events once and never the ones whose transaction rolled back', async () => {
    const userId = randomUUID();
    const event = (email: string) =>
      newEvent({ case: 'userSignedUp', value: create(UserSignedUpSchema, { userId, email }) }, userId);
    const kept = event('kept@example.test');
    const rolledBack = event('rolled-back@example.test');

    await db.transaction((trx) =>
      enqueueEvent(trx, 'auth', { topic: TOPICS.authEvents, key: userId, event: kept }),
    );
    await db
      .transaction(async (trx) => {
        await enqueueEvent(trx, 'auth', { topic: TOPICS.authEvents, key: userId, event: rolledBack });
        throw new Error('roll back');
      })
      .catch(() => undefined);

    const received: string[] = [];
    const consumer = kafka.consumer({ groupId: names.group(`outbox-test-${Date.now()}`) });
    await consumer.connect();
    await consumer.subscribe({ topic: names.topic(TOPICS.authEvents), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === userId) received.push(decodeEvent(message.value!).id);
      },
    });
    const relay = new OutboxRelay({
      db,
      schema: 'auth',
      producer,
      pollMs: 50,
      logger: createLogger({ level: 'silent' }),
    });
    relay.start();
    try {
      await eventually(async () => (received.length > 0 ? true : undefined), 'the relayed event');
      await eventually(
        async () =>
          (await db.withSchema('auth').table('outbox').where({ id: kept.id })).length === 0 || undefined,
        'the outbox row to be deleted',
      );
      expect(received).toEqual([kept.id]);
      expect(received).not.toContain(rolledBack.id);
    } finally {
      await relay.stop();
      await consumer.disconnect();
    }
  });

  it('sends an event as soon as its transaction commits, not at the next poll', async () => {
    const userId = randomUUID();
    const relay = new OutboxRelay({
      db,
      schema: 'auth',
      producer,
      // Far longer than the test waits: only the commit's wake-up can send it in time.
      pollMs: 120_000,
      logger: createLogger({ level: 'silent' }),
    });
    relay.start();
    try {
      // Once idle (the first, empty batch is done), the relay waits for the poll or a wake-up.
      await eventually(
        async () =>
          (await db.withSchema('auth').table('outbox').count<{ count: string }[]>('* as count'))[0]!.count ===
          '0'
            ? true
            : undefined,
        'an empty outbox',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const event = newEvent(
        { case: 'userSignedUp', value: create(UserSignedUpSchema, { userId, email: 'woken@example.test' }) },
        userId,
      );
      const committedAt = Date.now();
      await db.transaction((trx) =>
        enqueueEvent(trx, 'auth', { topic: TOPICS.authEvents, key: userId, event }),
      );
      await eventually(
        async () =>
          (await db.withSchema('auth').table('outbox').where({ id: event.id })).length === 0 || undefined,
        'the woken relay to send the event',
        5_000,
      );
      expect(Date.now() - committedAt).toBeLessThan(5_000);
    } finally {
      await relay.stop();
    }
  });
});
