import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { requireTestEnv } from '../testing/require-env';
import { ensureTopics } from './topics';

describe('ensureTopics', () => {
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
