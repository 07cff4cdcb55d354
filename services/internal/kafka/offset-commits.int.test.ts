import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { create } from '@bufbuild/protobuf';
import { Kafka, logLevel, type ISocketFactory } from 'kafkajs';
import { UserSignedUpSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { createLogger } from '../logger';
import { eventually } from '../testing/eventually';
import { testKafkaNames } from '../testing/kafka-names';
import { requireTestEnv } from '../testing/require-env';
import { EventConsumer, type EventHandler } from './consumer';
import { newEvent } from './events';
import { COMMIT_INTERVAL_MS } from './offset-commits';
import { encodeForTopic, EventProducer } from './producer';
import { TOPICS } from './topics';

// Kafka's request header: int32 size, int16 API key (8 is OffsetCommit).
const OFFSET_COMMIT = 8;

// The consumer's own client, counting the OffsetCommit requests it writes.
function countingKafka(brokers: string[]) {
  const counter = { offsetCommits: 0 };
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = net.connect({ host, port }, onConnect);
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = (chunk: unknown, ...rest: unknown[]) => {
      if (Buffer.isBuffer(chunk) && chunk.length >= 6 && chunk.readInt16BE(4) === OFFSET_COMMIT) {
        counter.offsetCommits += 1;
      }
      return write(chunk, ...rest);
    };
    return socket;
  };
  const kafka = new Kafka({
    clientId: 'offset-commits-test',
    brokers,
    socketFactory,
    logLevel: logLevel.NOTHING,
  });
  return { kafka, counter };
}

describe('EventConsumer offset commits on the real broker', () => {
  const { KAFKA_BROKERS } = requireTestEnv(['KAFKA_BROKERS']);
  const brokers = KAFKA_BROKERS.split(',');
  const names = testKafkaNames();
  const logger = createLogger({ level: 'silent' });
  const producerKafka = new Kafka({
    clientId: 'offset-commits-producer',
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = new EventProducer(producerKafka, names.topicPrefix);
  const admin = producerKafka.admin();

  beforeAll(async () => {
    await producer.connect();
    await admin.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  });

  const signedUp = (key: string) =>
    newEvent(
      {
        case: 'userSignedUp',
        value: create(UserSignedUpSchema, { userId: key, email: `${key}@example.test` }),
      },
      key,
    );

  // Counts the events of one key (other suites of the run share the topic).
  function countingHandler(name: string, key: string) {
    const handled: string[] = [];
    let lastAt = 0;
    const handler: EventHandler = {
      name,
      topics: [TOPICS.authEvents],
      async handle(event) {
        if (event.actorUserId !== key) return;
        handled.push(event.id);
        lastAt = Date.now();
      },
    };
    return { handler, handled, lastAt: () => lastAt };
  }

  const consumerOf = (handler: EventHandler) =>
    new EventConsumer(countingKafka(brokers).kafka, handler, logger, names.groupPrefix, names.topicPrefix);

  async function committedLag(groupId: string): Promise<number> {
    const topic = names.topic(TOPICS.authEvents);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.reduce((lag, { partition, offset }) => {
      const at = committed!.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      return lag + Number(offset) - Math.max(Number(at), 0);
    }, 0);
  }

  it('commits about once a second while events trickle in one batch at a time, and catches up when they stop', async () => {
    const key = randomUUID();
    const name = `offset-commits-test-${Date.now()}`;
    const { handler, handled } = countingHandler(name, key);
    const { kafka, counter } = countingKafka(brokers);
    const consumer = new EventConsumer(kafka, handler, logger, names.groupPrefix, names.topicPrefix);
    await consumer.start();
    try {
      // Caught up with whatever the run's earlier suites left on the topic.
      await producer.send([encodeForTopic(TOPICS.authEvents.name, key, signedUp(key))]);
      await eventually(async () => (handled.length === 1 ? true : undefined), 'the first event', 45_000);
      await sleep(COMMIT_INTERVAL_MS + 200);

      counter.offsetCommits = 0;
      const started = Date.now();
      const trickle = 30;
      for (let i = 0; i < trickle; i++) {
        await producer.send([encodeForTopic(TOPICS.authEvents.name, key, signedUp(key))]);
        await sleep(40);
      }
      await eventually(
        async () => (handled.length === 1 + trickle ? true : undefined),
        'the trickle',
        30_000,
      );
      const seconds = (Date.now() - started) / 1000;
      // kafkajs's autoCommit sent one per batch here: about 30.
      expect(counter.offsetCommits).toBeLessThanOrEqual(Math.ceil(seconds / (COMMIT_INTERVAL_MS / 1000)) + 1);

      // The last of them is committed without another batch to carry it.
      const groupId = names.group(name);
      await eventually(
        async () => ((await committedLag(groupId)) === 0 ? true : undefined),
        'no lag left',
        10_000,
      );
    } finally {
      await consumer.stop();
    }
  });

  it('commits what it handled when it stops, so the next consumer of the group does not handle it again', async () => {
    const key = randomUUID();
    const name = `offset-commits-stop-test-${Date.now()}`;
    const first = countingHandler(name, key);
    const consumer = consumerOf(first.handler);
    await consumer.start();
    let stoppedAt = 0;
    try {
      // The partition's first offset is committed at once; the second waits for the interval.
      for (const count of [1, 2]) {
        await producer.send([encodeForTopic(TOPICS.authEvents.name, key, signedUp(key))]);
        await eventually(
          async () => (first.handled.length === count ? true : undefined),
          'the event',
          45_000,
        );
      }
    } finally {
      stoppedAt = Date.now();
      await consumer.stop();
    }
    // Stopped within the interval: only the commit at stop can have saved the second offset.
    expect(stoppedAt - first.lastAt()).toBeLessThan(COMMIT_INTERVAL_MS);

    const second = countingHandler(name, key);
    const next = consumerOf(second.handler);
    await next.start();
    try {
      const later = signedUp(key);
      await producer.send([encodeForTopic(TOPICS.authEvents.name, key, later)]);
      await eventually(
        async () => (second.handled.length >= 1 ? true : undefined),
        'the later event',
        45_000,
      );
      expect(second.handled).toEqual([later.id]);
    } finally {
      await next.stop();
    }
  });
});
