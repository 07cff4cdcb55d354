import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { requireTestEnv } from '../testing/require-env';
import { ensureTopics, syncTopics } from './topics';

// One admin client for both suites below.
let admin: Admin;

beforeAll(async () => {
  const env = requireTestEnv(['KAFKA_BROKERS']);
  admin = new Kafka({
    clientId: 'topics-int-test',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.WARN,
  }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
});

describe('ensureTopics', () => {
  it('creates a missing topic with its partitions and retention, and a second call changes nothing', async () => {
    const spec = { name: `test.provisioning-${randomUUID()}`, partitions: 2, retentionMs: 3_600_000 };
    try {
      expect(await ensureTopics(admin, [spec])).toEqual([spec.name]);
      expect(await ensureTopics(admin, [spec])).toEqual([]);

      const { topics } = await admin.fetchTopicMetadata({ topics: [spec.name] });
      expect(topics[0]?.partitions).toHaveLength(2);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2 /* TOPIC */, name: spec.name, configNames: ['retention.ms'] }],
      });
      expect(resources[0]?.configEntries).toEqual([
        expect.objectContaining({ configName: 'retention.ms', configValue: '3600000' }),
      ]);
    } finally {
      await admin.deleteTopics({ topics: [spec.name] });
    }
  });
});

describe('syncTopics', () => {
  const retentionOf = async (name: string) => {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2 /* TOPIC */, name, configNames: ['retention.ms', 'cleanup.policy'] }],
    });
    return Object.fromEntries(
      resources[0]!.configEntries.map((entry) => [entry.configName, entry.configValue]),
    );
  };

  it('raises partitions and changes retention of an existing topic, keeping its other settings', async () => {
    const name = `test.sync-${randomUUID()}`;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: name,
          numPartitions: 1,
          configEntries: [
            { name: 'retention.ms', value: '1000000' },
            { name: 'cleanup.policy', value: 'compact' },
          ],
        },
      ],
    });
    try {
      const report = await syncTopics(admin, [{ name, partitions: 3, retentionMs: 7_200_000 }]);
      expect(report.changes).toEqual([
        `raised ${name} to 3 partitions`,
        `set ${name} retention.ms to 7200000`,
      ]);
      const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
      expect(topics[0]?.partitions).toHaveLength(3);
      expect(await retentionOf(name)).toEqual({ 'retention.ms': '7200000', 'cleanup.policy': 'compact' });

      expect(await syncTopics(admin, [{ name, partitions: 3, retentionMs: 7_200_000 }])).toEqual({
        changes: [],
        cannotShrink: [],
      });
    } finally {
      await admin.deleteTopics({ topics: [name] });
    }
  });

  it('reports a topic asked to shrink instead of failing, and creates a missing one', async () => {
    const existing = `test.sync-${randomUUID()}`;
    const missing = `test.sync-${randomUUID()}`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: existing, numPartitions: 2 }] });
    try {
      const report = await syncTopics(admin, [
        { name: existing, partitions: 1, retentionMs: 3_600_000 },
        { name: missing, partitions: 1, retentionMs: 3_600_000 },
      ]);
      expect(report.cannotShrink).toEqual([{ name: existing, partitions: 2, desired: 1 }]);
      expect(report.changes).toContain(`created topic ${missing}`);
    } finally {
      await admin.deleteTopics({ topics: [existing, missing] });
    }
  });
});
