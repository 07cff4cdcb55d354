// What one test run creates on the shared servers, and how it is removed
// again. Every name carries the run's id, so removal touches nothing else.
import { isGrpcServiceError, Connection } from '@temporalio/client';
import { msNumberToTs } from '@temporalio/common';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Client as MinioClient, type IncompleteUploadedBucketItem } from 'minio';
import pg from 'pg';
import { prefixedTopics } from '../../services/internal/kafka/topics';
import { ensureBucket } from '../../services/internal/provisioning/bucket';
import { ensureTopics } from '../../services/internal/provisioning/topics';
import { sleep } from './servers/process';

export interface TestRunNames {
  id: string;
  database: string;
  bucket: string;
  topicPrefix: string;
  groupPrefix: string;
  redisKeyPrefix: string;
  taskQueue: string;
}

export function testRunNames(id: string): TestRunNames {
  const base = `streamhub-test-${id}`;
  return {
    id,
    database: `streamhub_test_${id}`,
    bucket: base,
    topicPrefix: `${base}.`,
    groupPrefix: base,
    redisKeyPrefix: `${base}:`,
    taskQueue: base,
  };
}

// Shared by every test run and never by a dev app (which uses `default`):
// the Temporal dev server cannot delete a namespace, so one per run would pile
// up. Runs stay apart inside it by task queue, and workflow ids hold uuids.
export const TEST_TEMPORAL_NAMESPACE = 'streamhub-test';
const SEARCH_ATTRIBUTES = { UserId: 2, FileId: 2 }; // INDEXED_VALUE_TYPE_KEYWORD
const NAMESPACE_RETENTION_MS = 24 * 3600 * 1000;
const GRPC_NOT_FOUND = 5;

/** The stack's settings pointed at this run's database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createDatabase(serverUrl: string, database: string): Promise<void> {
  await withPostgres(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`),
  );
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  // FORCE ends connections a killed run left behind.
  await withPostgres(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`),
  );
}

async function withPostgres<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function kafkaAdmin(brokers: string) {
  return new Kafka({
    clientId: 'streamhub-test-run',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
}

export async function createTopics(brokers: string, topicPrefix: string): Promise<void> {
  const admin = kafkaAdmin(brokers);
  await admin.connect();
  try {
    await ensureTopics(admin, prefixedTopics(topicPrefix));
  } finally {
    await admin.disconnect();
  }
}

/** Deletes the run's topics and its consumer groups (their committed offsets). */
export async function removeTopicsAndGroups(
  brokers: string,
  topicPrefix: string,
  groupPrefix: string,
): Promise<void> {
  const admin = kafkaAdmin(brokers);
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter((groupId) => groupId === groupPrefix || groupId.startsWith(`${groupPrefix}.`));
    if (groups.length > 0) await admin.deleteGroups(groups);
  } finally {
    await admin.disconnect();
  }
}

function minioClient(env: Record<string, string>): MinioClient {
  const endpoint = new URL(env.S3_ENDPOINT!);
  return new MinioClient({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port),
    useSSL: endpoint.protocol === 'https:',
    accessKey: env.S3_ACCESS_KEY!,
    secretKey: env.S3_SECRET_KEY!,
    region: env.S3_REGION,
  });
}

export async function createBucket(env: Record<string, string>, bucket: string): Promise<void> {
  await ensureBucket(minioClient(env), { bucket, notificationArn: env.S3_NOTIFICATION_ARN! });
}

/** Every version, delete marker and unfinished multipart upload, then the bucket. */
export async function removeBucket(env: Record<string, string>, bucket: string): Promise<void> {
  const client = minioClient(env);
  if (!(await client.bucketExists(bucket))) return;
  const versions: Array<{ name: string; versionId?: string }> = [];
  for await (const item of client.listObjects(bucket, '', true, { IncludeVersion: true })) {
    // minio's BucketItem type leaves out the versions IncludeVersion lists.
    const { name, versionId } = item as { name?: string; versionId?: string | null };
    if (name) versions.push({ name, versionId: versionId ?? undefined });
  }
  for (let start = 0; start < versions.length; start += 1000) {
    await client.removeObjects(bucket, versions.slice(start, start + 1000));
  }
  const unfinished: string[] = [];
  for await (const upload of client.listIncompleteUploads(bucket, '', true))
    unfinished.push((upload as IncompleteUploadedBucketItem).key);
  for (const key of new Set(unfinished)) await client.removeIncompleteUpload(bucket, key);
  await client.removeBucket(bucket);
}

export async function removeRedisKeys(redisUrl: string, keyPrefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Registers the tests' namespace with StreamHub's search attributes, once per server. */
export async function ensureTestNamespace(address: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const namespace = TEST_TEMPORAL_NAMESPACE;
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch (error) {
      if (!(isGrpcServiceError(error) && Number(error.code) === GRPC_NOT_FOUND)) throw error;
      await connection.workflowService.registerNamespace({
        namespace,
        description: 'StreamHub test runs (npm test); a dev app uses its own namespace',
        workflowExecutionRetentionPeriod: msNumberToTs(NAMESPACE_RETENTION_MS),
      });
    }
    // A new namespace reaches the frontend's cache after a few seconds; until
    // then calls in it answer NotFound.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        const missing = Object.fromEntries(
          Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !(name in (customAttributes ?? {}))),
        );
        if (Object.keys(missing).length === 0) {
          await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
          return;
        }
        await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      await sleep(500);
    }
  } finally {
    await connection.close();
  }
}
