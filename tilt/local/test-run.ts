// A test run's own slice of the shared servers: its database, bucket, Kafka
// topics and groups, Redis keys and task queue, in the Temporal namespace
// kept for tests. A dev app (`npm start`) on the same servers never sees
// them, and the run never sees the app's; two runs never see each other's.
// Each run is recorded under .streamhub/test-runs/ with its pid, so what a
// killed run left behind is removed by the next one.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { note } from './progress';
import {
  createBucket,
  createDatabase,
  createTopics,
  databaseUrl,
  dropDatabase,
  ensureTestNamespace,
  removeBucket,
  removeRedisKeys,
  removeTopicsAndGroups,
  TEST_TEMPORAL_NAMESPACE,
  testRunNames,
  type TestRunNames,
} from './test-run-resources';

export interface TestRun {
  names: TestRunNames;
  // The stack's settings, pointed at this run's slice.
  env: Record<string, string>;
  dispose(): Promise<void>;
}

interface RunRecord {
  pid: number;
  names: TestRunNames;
}

export async function startTestRun(stackEnv: Record<string, string>, runtimeDir: string): Promise<TestRun> {
  const records = path.join(runtimeDir, 'test-runs');
  fs.mkdirSync(records, { recursive: true });
  await removeAbandonedRuns(stackEnv, records);

  const names = testRunNames(randomBytes(4).toString('hex'));
  const recordFile = path.join(records, `${names.id}.json`);
  // Written first: whatever is created next is found by a later sweep if this process dies.
  fs.writeFileSync(recordFile, JSON.stringify({ pid: process.pid, names } satisfies RunRecord));
  const dispose = async () => {
    await removeRun(stackEnv, names);
    fs.rmSync(recordFile, { force: true });
  };
  try {
    await Promise.all([
      createDatabase(stackEnv.DATABASE_URL!, names.database),
      createTopics(stackEnv.KAFKA_BROKERS!, names.topicPrefix),
      createBucket(stackEnv, names.bucket),
      ensureTestNamespace(stackEnv.TEMPORAL_ADDRESS!),
    ]);
  } catch (error) {
    await dispose().catch(() => undefined);
    throw error;
  }
  return { names, env: testRunEnv(stackEnv, names), dispose };
}

export function testRunEnv(stackEnv: Record<string, string>, names: TestRunNames): Record<string, string> {
  return {
    ...stackEnv,
    DATABASE_URL: databaseUrl(stackEnv.DATABASE_URL!, names.database),
    S3_BUCKET: names.bucket,
    KAFKA_TOPIC_PREFIX: names.topicPrefix,
    KAFKA_GROUP_PREFIX: names.groupPrefix,
    REDIS_KEY_PREFIX: names.redisKeyPrefix,
    TEMPORAL_NAMESPACE: TEST_TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: names.taskQueue,
  };
}

// Each step on its own: one that fails (a server gone) must not keep the
// others from cleaning up; the record stays for the next sweep if any did.
async function removeRun(stackEnv: Record<string, string>, names: TestRunNames): Promise<void> {
  const results = await Promise.allSettled([
    dropDatabase(stackEnv.DATABASE_URL!, names.database),
    removeTopicsAndGroups(stackEnv.KAFKA_BROKERS!, names.topicPrefix, names.groupPrefix),
    removeBucket(stackEnv, names.bucket),
    removeRedisKeys(stackEnv.REDIS_URL!, names.redisKeyPrefix),
  ]);
  const failures = results.flatMap((result) =>
    result.status === 'rejected'
      ? [result.reason instanceof Error ? result.reason.message : String(result.reason)]
      : [],
  );
  if (failures.length > 0)
    throw new Error(`could not remove all of test run ${names.id}: ${failures.join('; ')}`);
}

async function removeAbandonedRuns(stackEnv: Record<string, string>, records: string): Promise<void> {
  for (const file of fs.readdirSync(records).filter((name) => name.endsWith('.json'))) {
    const recordFile = path.join(records, file);
    let record: RunRecord;
    try {
      record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as RunRecord;
    } catch {
      fs.rmSync(recordFile, { force: true });
      continue;
    }
    if (isAlive(record.pid)) continue;
    try {
      await removeRun(stackEnv, record.names);
      fs.rmSync(recordFile, { force: true });
      note(`removed what test run ${record.names.id} (pid ${record.pid}, no longer running) left behind`);
    } catch (error) {
      note(`${error instanceof Error ? error.message : String(error)}; trying again next run`);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
