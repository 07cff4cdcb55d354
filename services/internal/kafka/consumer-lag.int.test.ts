import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { createLogger } from '../logger';
import { eventually } from '../testing/eventually';
import { testKafkaNames } from '../testing/kafka-names';
import { requireTestEnv } from '../testing/require-env';
import { EventConsumer, type MessageHandler } from './consumer';
import { CONSUMER_LAG_METRIC } from './consumer-lag';

describe('streamhub_kafka_consumer_lag on the real broker', () => {
  const { KAFKA_BROKERS } = requireTestEnv(['KAFKA_BROKERS']);
  const kafka = new Kafka({
    clientId: 'consumer-lag-test',
    brokers: KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const names = testKafkaNames();
  const topic = `${names.topicPrefix}consumer-lag-test-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  const lagOf = async (registry: Registry, group: string) => {
    const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === CONSUMER_LAG_METRIC);
    return metric?.values.find((sample) => sample.labels.group === group && sample.labels.topic === topic)
      ?.value;
  };

  it('counts the messages a group has not handled while it works, and falls to 0 once it caught up', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [1, 2, 3, 4, 5].map((n) => ({ value: String(n) })) });
    await producer.disconnect();

    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    const handler: MessageHandler = {
      name: `consumer-lag-test-${Date.now()}`,
      // The whole name is given: the topic was created with the prefix already in it.
      topics: [{ name: topic, partitions: 1, retentionMs: 3_600_000, namedElsewhere: true }],
      async handleMessage(message) {
        await blocked;
        handled.push(String(message.value));
      },
    };
    const registry = new Registry();
    const group = `${names.groupPrefix}.${handler.name}`;
    const consumer = new EventConsumer(
      kafka,
      handler,
      createLogger({ level: 'silent' }),
      names.groupPrefix,
      '',
      registry,
    );
    await consumer.start();
    try {
      // The first message is held: all five are outstanding.
      await eventually(async () => ((await lagOf(registry, group)) === 5 ? true : undefined), 'a lag of 5');
      release();
      await eventually(async () => ((await lagOf(registry, group)) === 0 ? true : undefined), 'a lag of 0');
      expect(handled).toEqual(['1', '2', '3', '4', '5']);
    } finally {
      release();
      await consumer.stop();
    }
    // A stopped member no longer owns the partition: its series goes, so it cannot shadow the next owner's.
    expect(await lagOf(registry, group)).toBeUndefined();
  });

  it('keeps counting while the group is stuck in its handler: each scrape reads committed offsets and high watermarks', async () => {
    const stuckTopic = `${topic}-stuck`;
    await admin.createTopics({ topics: [{ topic: stuckTopic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    const send = (values: number[]) =>
      producer.send({ topic: stuckTopic, messages: values.map((n) => ({ value: String(n) })) });
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const handler: MessageHandler = {
      name: `consumer-lag-stuck-test-${Date.now()}`,
      topics: [{ name: stuckTopic, partitions: 1, retentionMs: 3_600_000, namedElsewhere: true }],
      async handleMessage() {
        await blocked; // never returns until released: no batch ends, no new batch is fetched
      },
    };
    const registry = new Registry();
    const group = `${names.groupPrefix}.${handler.name}`;
    const consumer = new EventConsumer(
      kafka,
      handler,
      createLogger({ level: 'silent' }),
      names.groupPrefix,
      '',
      registry,
    );
    const stuckLag = async () => {
      const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === CONSUMER_LAG_METRIC);
      return metric?.values.find(
        (sample) => sample.labels.group === group && sample.labels.topic === stuckTopic,
      )?.value;
    };
    try {
      await send([1, 2]);
      await consumer.start();
      await eventually(async () => ((await stuckLag()) === 2 ? true : undefined), 'a lag of 2');
      // Arrivals while the handler is stuck: the lag follows them at the next scrape.
      await send([3, 4, 5, 6]);
      await eventually(async () => ((await stuckLag()) === 6 ? true : undefined), 'a lag of 6');
      await send([7]);
      await eventually(async () => ((await stuckLag()) === 7 ? true : undefined), 'a lag of 7');
    } finally {
      release();
      await consumer.stop();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [stuckTopic] }).catch(() => undefined);
    }
  });
});
