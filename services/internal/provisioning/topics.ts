// Creates the Kafka topics StreamHub needs. Used by the local stack and by
// the operator, so it takes a connected admin client and reads no settings.
import type { Admin } from 'kafkajs';
import type { TopicSpec } from '../kafka/topics';

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
