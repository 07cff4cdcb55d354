// Shared set-up for the operator's integration tests: a fresh namespace on
// the real test kube-apiserver (with the chart's CRDs installed), a fresh
// Postgres database, the real billing service on it (the Plan controller
// calls billing's gRPC API), and an operator running in this process against
// them and the real MinIO, Kafka and Temporal.
import { randomBytes } from 'node:crypto';
import { CoreV1Api, CustomObjectsApi, KubeConfig, type CoreV1Event } from '@kubernetes/client-node';
import { Kafka, logLevel } from 'kafkajs';
import knex from 'knex';
import type { Client as MinioClient } from 'minio';
import { chartCrds, installCrds } from '../../../charts/streamhub/tests/support/api-server';
import { BillingService } from '../../../proto/gen/billing/v1/billing_pb.js';
import { createDatabase, type Database } from '../../internal/db';
import { migrate } from '../../internal/migrate';
import { createServiceClient } from '../../internal/grpc/client';
import { prefixedTopics } from '../../internal/kafka/topics';
import { createLogger, type Logger } from '../../internal/logger';
import { ensureTopics } from '../../internal/provisioning/topics';
import { createS3Client } from '../../internal/s3-client';
import { eventually } from '../../internal/testing/eventually';
import { requireTestEnv } from '../../internal/testing/require-env';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import { GROUP, VERSION, type Condition, type ResourceKind } from '../api/v1alpha1/types';
import type { BillingPlans } from '../controllers/plan/billing-plans';
import { startOperator, type OperatorOptions, type RunningOperator } from '../operator';

export const SERVICE_SETTINGS = [
  'KUBECONFIG',
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_NOTIFICATION_ARN',
  'TEMPORAL_ADDRESS',
] as const;
export type ServiceSettings = Record<(typeof SERVICE_SETTINGS)[number], string>;

export const testSettings = (): ServiceSettings => requireTestEnv(SERVICE_SETTINGS);

export const randomSuffix = (): string => randomBytes(4).toString('hex');

export function kubeConfigFrom(path: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(path);
  return kubeConfig;
}

export async function prepareNamespace(kubeConfig: KubeConfig, prefix: string): Promise<string> {
  await installCrds(kubeConfig, chartCrds());
  const name = `${prefix}-${randomSuffix()}`;
  await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}

export function testMinio(settings: ServiceSettings): MinioClient {
  return createS3Client({
    endpoint: settings.S3_ENDPOINT,
    region: settings.S3_REGION,
    accessKey: settings.S3_ACCESS_KEY,
    secretKey: settings.S3_SECRET_KEY,
  });
}

export function testKafka(settings: Pick<ServiceSettings, 'KAFKA_BROKERS'>): Kafka {
  return new Kafka({
    clientId: 'operator-int-test',
    brokers: settings.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
}

/** An empty database of its own, so default plans and migrations never touch the shared one. */
export async function createTestDatabase(
  settings: ServiceSettings,
): Promise<{ db: Database; url: string; drop: () => Promise<void> }> {
  const name = `operator_test_${randomSuffix()}`;
  const admin = knex({ client: 'pg', connection: settings.DATABASE_URL });
  try {
    await admin.raw('CREATE DATABASE ??', [name]);
  } finally {
    await admin.destroy();
  }
  const url = new URL(settings.DATABASE_URL);
  url.pathname = `/${name}`;
  const db = createDatabase({ url: url.toString(), poolMax: 5 });
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      const cleanup = knex({ client: 'pg', connection: settings.DATABASE_URL });
      try {
        await cleanup.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      } finally {
        await cleanup.destroy();
      }
    },
  };
}

export interface TestBilling {
  client: BillingPlans;
  platform: TestPlatform;
  stop(): Promise<void>;
}

/**
 * The real billing service (`--target=billing`) on the given database, with
 * Kafka topics and a consumer group of its own: its consumers never see the
 * other tests' signups, which its database (not migrated until the operator
 * does it) could not take. On `grpcPort` when given (to restart it where it was).
 */
export async function startTestBilling(
  database: { url: string },
  options: { grpcPort?: number } = {},
): Promise<TestBilling> {
  const names = `operator-test-${randomSuffix()}`;
  const topics = prefixedTopics(`${names}.`);
  const admin = testKafka(requireTestEnv(['KAFKA_BROKERS'])).admin();
  await admin.connect();
  await ensureTopics(admin, topics);
  const platform = await startTestPlatform({
    targets: ['billing'],
    env: {
      DATABASE_URL: database.url,
      KAFKA_GROUP_PREFIX: names,
      KAFKA_TOPIC_PREFIX: `${names}.`,
      // A restarted billing comes back at the address the operator already calls.
      ...(options.grpcPort ? { GRPC_PORT: String(options.grpcPort) } : {}),
    },
  });
  return {
    client: createServiceClient(BillingService, `http://127.0.0.1:${platform.grpcPort}`),
    platform,
    stop: async () => {
      await platform.stop();
      await admin.deleteTopics({
        topics: topics.filter((topic) => !topic.namedElsewhere).map((topic) => topic.name),
      });
      await admin.disconnect();
    },
  };
}

export const testLogger = (): Logger =>
  createLogger({ level: process.env.OPERATOR_TEST_LOG_LEVEL ?? 'silent' });

/** An operator with test timings: a 3 s lease, a resync every 2 s. */
export function startTestOperator(
  options: Pick<OperatorOptions, 'kubeConfig' | 'namespace' | 'db' | 'billing'> &
    Partial<OperatorOptions> & { settings: ServiceSettings },
): Promise<RunningOperator> {
  const { settings, ...rest } = options;
  return startOperator({
    identity: `operator-${randomSuffix()}`,
    leaseName: 'streamhub-operator',
    leaseDurationSeconds: 3,
    renewDeadlineMs: 2_000,
    retryPeriodMs: 300,
    resyncMs: 2_000,
    kafka: testKafka(settings),
    minio: testMinio(settings),
    temporalAddress: settings.TEMPORAL_ADDRESS,
    logger: testLogger(),
    ...rest,
  });
}

/** The Plan tests' world: a namespace, a migrated database, billing on it, and a leading operator. */
export interface OperatorWithBilling {
  kubeConfig: KubeConfig;
  namespace: string;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  billing: TestBilling;
  operator: RunningOperator;
}

export async function startOperatorWithBilling(namespacePrefix: string): Promise<OperatorWithBilling> {
  const settings = testSettings();
  const kubeConfig = kubeConfigFrom(settings.KUBECONFIG);
  const namespace = await prepareNamespace(kubeConfig, namespacePrefix);
  const database = await createTestDatabase(settings);
  await migrate(database.db, 'latest');
  const billing = await startTestBilling(database);
  const operator = await startTestOperator({
    kubeConfig,
    namespace,
    db: database.db,
    billing: billing.client,
    settings,
  });
  await eventually(async () => (operator.isLeader ? true : undefined), 'the operator to lead');
  return { kubeConfig, namespace, database, billing, operator };
}

/** Reads and writes streamhub.io objects of one kind in one namespace, as a user would. */
export function customResources<T extends { metadata: { name: string } }>(
  kubeConfig: KubeConfig,
  kind: ResourceKind,
  namespace: string,
) {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const where = { group: GROUP, version: VERSION, namespace, plural: kind.plural };
  return {
    create: async (body: object) => (await api.createNamespacedCustomObject({ ...where, body })) as T,
    get: async (name: string) => (await api.getNamespacedCustomObject({ ...where, name })) as T,
    find: async (name: string): Promise<T | undefined> => {
      try {
        return (await api.getNamespacedCustomObject({ ...where, name })) as T;
      } catch (error) {
        if ((error as { code?: number }).code === 404) return undefined;
        throw error;
      }
    },
    replace: async (body: T) =>
      (await api.replaceNamespacedCustomObject({ ...where, name: body.metadata.name, body })) as T,
    remove: async (name: string) => {
      await api.deleteNamespacedCustomObject({ ...where, name });
    },
  };
}

type WithStatus = {
  metadata: { generation?: number };
  status?: { conditions?: Condition[]; observedGeneration?: number };
};

/** Polls until the object has reconciled its current generation and `ready` holds for it. */
export function untilReconciled<T extends WithStatus>(
  read: () => Promise<T>,
  what: string,
  ready: (object: T) => boolean = (object) => conditionStatus(object, 'Ready') === 'True',
  timeoutMs = 30_000,
): Promise<T> {
  return eventually(
    async () => {
      const object = await read();
      return object.status?.observedGeneration === object.metadata.generation && ready(object)
        ? object
        : undefined;
    },
    what,
    timeoutMs,
  );
}

export function conditionStatus(object: WithStatus, type: string): string | undefined {
  return object.status?.conditions?.find((condition) => condition.type === type)?.status;
}

export function condition(object: WithStatus, type: string): Condition | undefined {
  return object.status?.conditions?.find((entry) => entry.type === type);
}

export async function eventsFor(
  kubeConfig: KubeConfig,
  namespace: string,
  name: string,
): Promise<CoreV1Event[]> {
  const { items } = await kubeConfig
    .makeApiClient(CoreV1Api)
    .listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name}` });
  return items;
}
