import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Kafka, logLevel } from 'kafkajs';
import knex from 'knex';
import { ChannelReadSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { decodeEvent, newEvent } from '../kafka/events';
import { EventProducer } from '../kafka/producer';
import { TOPICS } from '../kafka/topics';
import { createLogger } from '../logger';
import { eventually } from '../testing/eventually';
import { testKafkaNames } from '../testing/kafka-names';
import { requireTestEnv } from '../testing/require-env';
import { enqueueEvent } from './outbox';
import { OutboxRelay } from './relay';

const EVENTS = 400;

// The chat outbox's promise (docs/messaging.md): with several relays running,
// a key's events still reach Kafka in the order they were written.
describe('an ordered outbox relay', () => {
  const env = requireTestEnv(['KAFKA_BROKERS', 'DATABASE_URL']);
  const kafka = new Kafka({
    clientId: 'ordered-relay-test',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const db = knex({ client: 'pg', connection: env.DATABASE_URL });
  const names = testKafkaNames();
  // A producer per relay, as separate processes have: one shared producer would send in call order anyway.
  const producers = Array.from({ length: 3 }, () => new EventProducer(kafka, names.topicPrefix));

  beforeAll(() => Promise.all(producers.map((producer) => producer.connect())));
  afterAll(async () => {
    await Promise.all(producers.map((producer) => producer.disconnect()));
    await db.destroy();
  });

  it('sends one key’s events in write order while three relays of the schema run', async () => {
    const channelId = randomUUID();
    const received: number[] = [];
    const consumer = kafka.consumer({ groupId: names.group(`ordered-relay-test-${randomUUID()}`) });
    await consumer.connect();
    await consumer.subscribe({ topic: names.topic(TOPICS.chatEvents), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() !== channelId) return;
        const event = decodeEvent(message.value!);
        if (event.payload.case === 'channelRead') received.push(Number(event.payload.value.seq));
      },
    });
    const relays = producers.map(
      (producer) =>
        new OutboxRelay({
          db,
          schema: 'chat',
          producer,
          pollMs: 1,
          logger: createLogger({ level: 'silent' }),
          ordered: true,
        }),
    );
    for (const relay of relays) relay.start();
    try {
      for (let seq = 1; seq <= EVENTS; seq += 1) {
        const event = newEvent(
          { case: 'channelRead', value: create(ChannelReadSchema, { channelId, seq: BigInt(seq) }) },
          channelId,
        );
        await db.transaction((trx) =>
          enqueueEvent(trx, 'chat', { topic: TOPICS.chatEvents, key: channelId, event }),
        );
      }
      await eventually(async () => (received.length >= EVENTS ? true : undefined), 'every event', 60_000);
      expect(received).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await consumer.disconnect();
    }
  });

  it('stands by while another process holds the turn: commits do not wake it, its poll takes over', async () => {
    const channelId = randomUUID();
    // The relay's own pool, to count its attempts at the turn: the relay
    // sends its SQL on the pool's connections directly (not through knex's
    // query builder), so each connection it takes counts what it sends.
    const relayDb = knex({ client: 'pg', connection: env.DATABASE_URL });
    let attempts = 0;
    const pool = relayDb.client as { acquireConnection(): Promise<{ query(text: unknown): unknown }> };
    const acquire = pool.acquireConnection.bind(pool);
    const counting = new WeakSet<object>();
    pool.acquireConnection = async () => {
      const connection = await acquire();
      if (counting.has(connection)) return connection;
      counting.add(connection);
      const query = connection.query.bind(connection);
      connection.query = (text: unknown) => {
        if (typeof text === 'string' && text.includes('pg_try_advisory_xact_lock')) attempts += 1;
        return query(text);
      };
      return connection;
    };
    // Another process's relay, in the middle of a batch.
    const holder = await db.transaction();
    await holder.raw('SELECT pg_advisory_xact_lock(hashtext(?))', ['outbox-relay:chat']);
    const relay = new OutboxRelay({
      db: relayDb,
      schema: 'chat',
      producer: producers[0]!,
      pollMs: 3000,
      logger: createLogger({ level: 'silent' }),
      ordered: true,
    });
    relay.start();
    try {
      await eventually(async () => (attempts === 1 ? true : undefined), 'the first attempt at the turn');
      for (let seq = 1; seq <= 20; seq += 1) {
        const event = newEvent(
          { case: 'channelRead', value: create(ChannelReadSchema, { channelId, seq: BigInt(seq) }) },
          channelId,
        );
        await db.transaction((trx) =>
          enqueueEvent(trx, 'chat', { topic: TOPICS.chatEvents, key: channelId, event }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Twenty commits notified it; the holder would have beaten each attempt.
      expect(attempts).toBe(1);

      await holder.commit();
      const pending = async () =>
        Number((await db('chat.outbox').where({ key: channelId }).count({ n: '*' }))[0]!.n);
      await eventually(
        async () => ((await pending()) === 0 ? true : undefined),
        'the poll to relay them',
        10_000,
      );
    } finally {
      if (!holder.isCompleted()) await holder.rollback();
      await relay.stop();
      await relayDb.destroy();
    }
  });
});
