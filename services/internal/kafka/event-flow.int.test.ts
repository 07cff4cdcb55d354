import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Kafka, logLevel } from 'kafkajs';
import { UserSignedUpSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { createLogger } from '../logger';
import { eventually } from '../testing/eventually';
import { testKafkaNames } from '../testing/kafka-names';
import { requireTestEnv } from '../testing/require-env';
import { EventConsumer, type EventHandler } from './consumer';
import { newEvent, type Event } from './events';
import { encodeForTopic, EventProducer } from './producer';
import { TOPICS } from './topics';

describe('EventProducer and EventConsumer on the real broker', () => {
  const { KAFKA_BROKERS } = requireTestEnv(['KAFKA_BROKERS']);
  const kafka = new Kafka({
    clientId: 'event-flow-test',
    brokers: KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const names = testKafkaNames();
  const logger = createLogger({ level: 'silent' });
  const producer = new EventProducer(kafka, names.topicPrefix);

  beforeAll(() => producer.connect());
  afterAll(() => producer.disconnect());

  const signedUp = (userId: string) =>
    newEvent(
      {
        case: 'userSignedUp',
        value: create(UserSignedUpSchema, { userId, email: `${userId}@example.test` }),
      },
      userId,
    );

  it('delivers events in key order, skips a message that is not an event, and redelivers after a handler failure', async () => {
    const key = randomUUID();
    const seen: Event[] = [];
    let failuresLeft = 1;
    const handler: EventHandler = {
      name: `event-flow-test-${Date.now()}`,
      topics: [TOPICS.authEvents],
      async handle(event) {
        if (event.actorUserId !== key) return;
        if (event.id === second.id && failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('transient failure');
        }
        seen.push(event);
      },
    };
    const first = signedUp(key);
    const second = signedUp(key);
    const consumer = new EventConsumer(kafka, handler, logger, names.groupPrefix, names.topicPrefix);
    await consumer.start();
    try {
      await producer.send([encodeForTopic(TOPICS.authEvents.name, key, first)]);
      const raw = kafka.producer();
      await raw.connect();
      await raw.send({
        topic: names.topic(TOPICS.authEvents),
        messages: [{ key, value: Buffer.from([0xff, 0xff, 0xff]) }],
      });
      await raw.disconnect();
      await producer.send([encodeForTopic(TOPICS.authEvents.name, key, second)]);

      await eventually(
        async () => (seen.length >= 2 ? true : undefined),
        'both events to be handled',
        45_000,
      );
      expect(seen.map((event) => event.id)).toEqual([first.id, second.id]);
      expect(failuresLeft).toBe(0);
    } finally {
      await consumer.stop();
    }
  });
});
