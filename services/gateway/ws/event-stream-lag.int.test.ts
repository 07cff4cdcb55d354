import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { UserSignedUpSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { encodeForTopic, EventProducer } from '../../internal/kafka/producer';
import { TOPICS } from '../../internal/kafka/topics';
import { createLogger } from '../../internal/logger';
import { eventually } from '../../internal/testing/eventually';
import { testKafkaNames } from '../../internal/testing/kafka-names';
import { requireTestEnv } from '../../internal/testing/require-env';
import { startEventStream } from './event-stream';

// The gateway's fan-out consumer reports its lag like every other group.
describe("the WebSocket fan-out's consumer lag", () => {
  const { KAFKA_BROKERS } = requireTestEnv(['KAFKA_BROKERS']);
  const kafka = new Kafka({
    clientId: 'ws-lag-test',
    brokers: KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const names = testKafkaNames();

  it('is reported for the gateway-ws group once it consumed a batch', async () => {
    const registry = new Registry();
    const producer = new EventProducer(kafka, names.topicPrefix);
    await producer.connect();
    const stream = await startEventStream({
      kafka,
      groupPrefix: names.groupPrefix,
      topicPrefix: names.topicPrefix,
      logger: createLogger({ level: 'silent' }),
      dispatch: () => undefined,
      metrics: registry,
    });
    try {
      // The group starts at the newest offset: send until one batch reaches it.
      const series = await eventually(async () => {
        const userId = randomUUID();
        const event = newEvent(
          {
            case: 'userSignedUp',
            value: create(UserSignedUpSchema, { userId, email: `${userId}@example.test` }),
          },
          userId,
        );
        await producer.send([encodeForTopic(TOPICS.chatEvents.name, userId, event)]);
        const metric = (await registry.getMetricsAsJSON()).find(
          (entry) => entry.name === 'streamhub_kafka_consumer_lag',
        );
        return metric?.values.find((sample) => String(sample.labels.group).includes('.gateway-ws.'));
      }, 'a lag series of the gateway-ws group');
      expect(series.labels.topic).toBe(`${names.topicPrefix}${TOPICS.chatEvents.name}`);
      expect(series.value).toBeGreaterThanOrEqual(0);
    } finally {
      await stream.stop();
      await producer.disconnect();
    }
  });
});
