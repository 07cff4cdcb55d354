// Creates the Kafka topics StreamHub needs. Used by the local stack and by
// the operator, so it takes a connected admin client and reads no settings.
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import type { TopicSpec } from '../kafka/topics';

// DescribeConfigs' source of a setting made on the topic itself (not a broker default).
const DYNAMIC_TOPIC_CONFIG: number = 1;

// Creates every topic that does not exist yet, with its partitions and
// retention; returns the names it created. Existing topics are left as they
// are: changing the partitions or retention of a live topic is a deliberate
// operation, not something a restart should do.
export async function ensureTopics(admin: Admin, topics: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic: topic.name,
      numPartitions: topic.partitions,
      replicationFactor: -1, // the broker's default.replication.factor
      configEntries: [{ name: 'retention.ms', value: String(topic.retentionMs) }],
    })),
  });
  return missing.map((topic) => topic.name);
}

export interface TopicSyncReport {
  /** What changed, in words. */
  changes: string[];
  /** Topics whose desired partitions are fewer than they have: Kafka cannot shrink a topic. */
  cannotShrink: Array<{ name: string; partitions: number; desired: number }>;
}

/**
 * Makes existing topics match their specs as well: the deliberate
 * operation ensureTopics leaves out, for the operator, whose specs are
 * the declared desired state. Creates missing topics, raises partition
 * counts (never lowers them: Kafka cannot) and sets retention.ms.
 */
export async function syncTopics(admin: Admin, topics: TopicSpec[]): Promise<TopicSyncReport> {
  const changes = (await ensureTopics(admin, topics)).map((name) => `created topic ${name}`);
  const cannotShrink: TopicSyncReport['cannotShrink'] = [];
  if (topics.length === 0) return { changes, cannotShrink };

  const metadata = await admin.fetchTopicMetadata({ topics: topics.map((topic) => topic.name) });
  const partitionCounts = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
  const grow = [];
  for (const topic of topics) {
    const current = partitionCounts.get(topic.name) ?? topic.partitions;
    if (current < topic.partitions) grow.push({ topic: topic.name, count: topic.partitions });
    if (current > topic.partitions)
      cannotShrink.push({ name: topic.name, partitions: current, desired: topic.partitions });
  }
  if (grow.length > 0) {
    await admin.createPartitions({ validateOnly: false, topicPartitions: grow });
    changes.push(...grow.map((entry) => `raised ${entry.topic} to ${entry.count} partitions`));
  }

  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.name })),
  });
  const overrides = new Map(
    resources.map((resource) => [
      resource.resourceName,
      resource.configEntries.filter((entry) => Number(entry.configSource) === DYNAMIC_TOPIC_CONFIG),
    ]),
  );
  const stale = topics.filter(
    (topic) =>
      overrides.get(topic.name)?.find((entry) => entry.configName === 'retention.ms')?.configValue !==
      String(topic.retentionMs),
  );
  if (stale.length > 0) {
    // kafkajs has only the legacy AlterConfigs, which replaces a topic's
    // whole set of overrides: send the others back unchanged with ours.
    await admin.alterConfigs({
      validateOnly: false,
      resources: stale.map((topic) => ({
        type: ConfigResourceTypes.TOPIC,
        name: topic.name,
        configEntries: [
          ...(overrides.get(topic.name) ?? [])
            .filter((entry) => entry.configName !== 'retention.ms')
            .map((entry) => ({ name: entry.configName, value: entry.configValue })),
          { name: 'retention.ms', value: String(topic.retentionMs) },
        ],
      })),
    });
    changes.push(...stale.map((topic) => `set ${topic.name} retention.ms to ${topic.retentionMs}`));
  }
  return { changes, cannotShrink };
}
