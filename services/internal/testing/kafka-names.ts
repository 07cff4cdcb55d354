import { topicName, type TopicSpec } from '../kafka/topics';
import { requireTestEnv } from './require-env';

/**
 * The topic and consumer-group names of this test run (`npm test` gives each
 * run its own prefixes), so a test that talks to Kafka directly never
 * produces to or reads from a dev app's topics.
 */
export function testKafkaNames(): {
  topicPrefix: string;
  groupPrefix: string;
  topic(spec: TopicSpec): string;
  group(name: string): string;
} {
  const env = requireTestEnv(['KAFKA_TOPIC_PREFIX', 'KAFKA_GROUP_PREFIX']);
  return {
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    groupPrefix: env.KAFKA_GROUP_PREFIX,
    topic: (spec) => topicName(spec, env.KAFKA_TOPIC_PREFIX),
    group: (name) => `${env.KAFKA_GROUP_PREFIX}.${name}`,
  };
}
