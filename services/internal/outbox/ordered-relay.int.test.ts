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
});
