import type { KubeConfig } from '@kubernetes/client-node';
import { Connection } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import { NotificationConfig, type Client as MinioClient } from 'minio';
import { eventually } from '../../../internal/testing/eventually';
import { PLATFORM_FINALIZER, PLATFORM_KIND, type StreamHubPlatform } from '../../api/v1alpha1/types';
import type { RunningOperator } from '../../operator';
import {
  condition,
  conditionStatus,
  createTestDatabase,
  customResources,
  eventsFor,
  kubeConfigFrom,
  prepareNamespace,
  randomSuffix,
  startTestOperator,
  testKafka,
  testMinio,
  testSettings,
  untilReconciled,
  type ServiceSettings,
  startTestBilling,
  type TestBilling,
} from '../../testing/operator-harness';
import { platformManifest } from '../../testing/fixtures';
import { INDEXED_VALUE_TYPES } from './generate';

// Each platform gets its own bucket, topic overrides, Temporal namespace and
// database, so nothing the other tests use (the shared streamhub bucket,
// StreamHub's own topics) is changed. StreamHub's default topics are part
// of every platform; they exist already with the same settings, so the
// operator leaves them alone.
describe('the StreamHubPlatform controller', () => {
  let settings: ServiceSettings;
  let kubeConfig: KubeConfig;
  let namespace: string;
  let databases: Array<Awaited<ReturnType<typeof createTestDatabase>>>;
  let operators: RunningOperator[];
  let billings: TestBilling[];
  let minio: MinioClient;
  let admin: Admin;
  let temporal: Connection;
  const buckets: string[] = [];
  const topics: string[] = [];

  beforeAll(async () => {
    settings = testSettings();
    kubeConfig = kubeConfigFrom(settings.KUBECONFIG);
    minio = testMinio(settings);
    admin = testKafka(settings).admin();
    await admin.connect();
    temporal = await Connection.connect({ address: settings.TEMPORAL_ADDRESS });
    databases = [];
    operators = [];
    billings = [];
  });

  afterAll(async () => {
    await Promise.all(operators.map((operator) => operator.stop()));
    await Promise.all(billings.map((billing) => billing.stop()));
    await Promise.all(databases.map((database) => database.drop()));
    await admin?.deleteTopics({ topics }).catch(() => undefined);
    await admin?.disconnect();
    for (const bucket of buckets) await minio.removeBucket(bucket).catch(() => undefined);
    await temporal?.close();
  });

  /** A namespace with its own operator over a fresh, empty database. */
  async function environment() {
    const ns = await prepareNamespace(kubeConfig, 'platform-test');
    const database = await createTestDatabase(settings);
    databases.push(database);
    // The Plan controller runs too; it would call this billing (no Plan is created here).
    const billing = await startTestBilling(database);
    billings.push(billing);
    const operator = await startTestOperator({
      kubeConfig,
      namespace: ns,
      db: database.db,
      billing: billing.client,
      settings,
    });
    operators.push(operator);
    namespace = ns;
    return { platforms: customResources<StreamHubPlatform>(kubeConfig, PLATFORM_KIND, ns), database };
  }

  function platform(overrides: { migrationsApply?: boolean } = {}) {
    const suffix = randomSuffix();
    const bucket = `op-test-${suffix}`;
    const topic = `test.operator-${suffix}`;
    buckets.push(bucket);
    topics.push(topic);
    return {
      bucket,
      topic,
      temporalNamespace: `op-test-${suffix}`,
      body: platformManifest('streamhub', {
        bucket: { name: bucket, notification: { arn: settings.S3_NOTIFICATION_ARN } },
        kafka: { topics: [{ name: topic, partitions: 1, retentionHours: 2 }] },
        temporal: { namespace: `op-test-${suffix}`, retentionDays: 2 },
        ...(overrides.migrationsApply === false ? { migrations: { apply: false } } : {}),
      }),
    };
  }

  const partitionsOf = async (topic: string) =>
    (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;
  const retentionOf = async (topic: string) => {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2 /* TOPIC */, name: topic, configNames: ['retention.ms'] }],
    });
    return resources[0]!.configEntries[0]!.configValue;
  };
  const notificationQueues = async (bucket: string) =>
    ((await minio.getBucketNotification(bucket)).QueueConfiguration ?? []).map((entry) => entry.Queue);
  const describeNamespace = (name: string) => temporal.workflowService.describeNamespace({ namespace: name });

  it('provisions bucket, topics, Temporal namespace and schema, and reports every condition True', async () => {
    const { platforms, database } = await environment();
    const wanted = platform();
    await platforms.create(wanted.body);
    const reconciled = await untilReconciled(
      () => platforms.get('streamhub'),
      'the platform to be Ready',
      undefined,
      60_000,
    );

    for (const type of ['BucketReady', 'TopicsReady', 'TemporalNamespaceReady', 'MigrationsApplied', 'Ready'])
      expect(condition(reconciled, type)).toMatchObject({ status: 'True', observedGeneration: 1 });
    expect(reconciled.metadata.finalizers).toContain(PLATFORM_FINALIZER);
    // The API server filled in the CRD's defaults.
    expect(reconciled.spec).toMatchObject({
      bucket: { abortIncompleteMultipartUploadDays: 1, notification: { prefix: 'users/' } },
      temporal: {
        searchAttributes: [
          { name: 'UserId', type: 'Keyword' },
          { name: 'FileId', type: 'Keyword' },
        ],
      },
      migrations: { apply: true },
    });

    expect(await minio.getBucketVersioning(wanted.bucket)).toMatchObject({ Status: 'Enabled' });
    expect(await notificationQueues(wanted.bucket)).toEqual([settings.S3_NOTIFICATION_ARN]);
    expect(await partitionsOf(wanted.topic)).toBe(1);
    expect(await retentionOf(wanted.topic)).toBe(String(2 * 3_600_000));
    expect(await partitionsOf('storage.object-events')).toBeGreaterThanOrEqual(1);

    const described = await describeNamespace(wanted.temporalNamespace);
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(2 * 86_400);
    const { customAttributes } = await temporal.operatorService.listSearchAttributes({
      namespace: wanted.temporalNamespace,
    });
    expect(customAttributes).toMatchObject({
      UserId: INDEXED_VALUE_TYPES.Keyword,
      FileId: INDEXED_VALUE_TYPES.Keyword,
    });

    const applied = await database.db('knex_migrations').orderBy('id').pluck<string[]>('name');
    expect(applied.length).toBeGreaterThan(0);
    expect(reconciled.status?.appliedMigration).toBe(applied.at(-1));
    expect(
      await database.db.withSchema('billing').table('plans').where({ slug: 'free' }).first(),
    ).toBeDefined();

    // The reconcile records its events after the status it reports (best
    // effort, one at a time): they may still be on their way.
    const provisioned = [
      'BucketProvisioned',
      'TopicsProvisioned',
      'NamespaceProvisioned',
      'MigrationsApplied',
    ];
    const reasons = await eventually(
      async () => {
        const recorded = (await eventsFor(kubeConfig, namespace, 'streamhub')).map((event) => event.reason);
        return provisioned.every((reason) => recorded.includes(reason)) ? recorded : undefined;
      },
      `the events ${provisioned.join(', ')}`,
    );
    expect(reasons).toEqual(expect.arrayContaining(provisioned));
  }, 90_000);

  it('applies raised partitions, a new retention and a new namespace retention, following observedGeneration', async () => {
    const { platforms } = await environment();
    const wanted = platform();
    await platforms.create(wanted.body);
    const first = await untilReconciled(
      () => platforms.get('streamhub'),
      'the platform to be Ready',
      undefined,
      60_000,
    );

    await platforms.replace({
      ...first,
      spec: {
        ...first.spec,
        kafka: { topics: [{ name: wanted.topic, partitions: 3, retentionHours: 5 }] },
        temporal: { ...first.spec.temporal, retentionDays: 4 },
      },
    });
    const updated = await untilReconciled(
      () => platforms.get('streamhub'),
      'the platform to reconcile generation 2',
      (object) => object.metadata.generation === 2 && conditionStatus(object, 'Ready') === 'True',
      60_000,
    );
    expect(condition(updated, 'TopicsReady')?.observedGeneration).toBe(2);
    expect(await partitionsOf(wanted.topic)).toBe(3);
    expect(await retentionOf(wanted.topic)).toBe(String(5 * 3_600_000));
    const described = await describeNamespace(wanted.temporalNamespace);
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(4 * 86_400);

    // Kafka cannot shrink a topic: the condition says so instead of retrying forever.
    await platforms.replace({
      ...updated,
      spec: {
        ...updated.spec,
        kafka: { topics: [{ name: wanted.topic, partitions: 2, retentionHours: 5 }] },
      },
    });
    const refused = await untilReconciled(
      () => platforms.get('streamhub'),
      'the platform to refuse shrinking the topic',
      (object) => condition(object, 'TopicsReady')?.reason === 'PartitionsCannotShrink',
    );
    expect(condition(refused, 'Ready')).toMatchObject({ status: 'False', reason: 'PlatformNotReady' });
  }, 120_000);

  it('puts back a topic and the bucket notification deleted by hand within the resync period', async () => {
    const { platforms } = await environment();
    const wanted = platform();
    await platforms.create(wanted.body);
    await untilReconciled(() => platforms.get('streamhub'), 'the platform to be Ready', undefined, 60_000);

    await admin.deleteTopics({ topics: [wanted.topic] });
    await minio.setBucketNotification(wanted.bucket, new NotificationConfig());
    expect(await notificationQueues(wanted.bucket)).toEqual([]);

    await eventually(
      async () => ((await admin.listTopics()).includes(wanted.topic) ? true : undefined),
      'the deleted topic to come back',
    );
    await eventually(
      async () => ((await notificationQueues(wanted.bucket)).length === 1 ? true : undefined),
      'the bucket notification to come back',
    );
    expect(await notificationQueues(wanted.bucket)).toEqual([settings.S3_NOTIFICATION_ARN]);
    expect(await retentionOf(wanted.topic)).toBe(String(2 * 3_600_000));
  }, 90_000);

  it('only reports pending migrations when spec.migrations.apply is false', async () => {
    const { platforms, database } = await environment();
    await platforms.create(platform({ migrationsApply: false }).body);
    const reported = await untilReconciled(
      () => platforms.get('streamhub'),
      'the platform to report pending migrations',
      (object) => condition(object, 'MigrationsApplied')?.reason === 'MigrationsPending',
      60_000,
    );
    expect(condition(reported, 'MigrationsApplied')?.status).toBe('False');
    expect(condition(reported, 'BucketReady')?.status).toBe('True');
    expect(await database.db.schema.withSchema('billing').hasTable('plans')).toBe(false);
  }, 90_000);

  it('lets a deleted platform go once its finalizer ran, keeping the bucket, topics and namespace', async () => {
    const { platforms } = await environment();
    const wanted = platform();
    await platforms.create(wanted.body);
    await untilReconciled(() => platforms.get('streamhub'), 'the platform to be Ready', undefined, 60_000);

    await platforms.remove('streamhub');
    await eventually(
      async () => ((await platforms.find('streamhub')) ? undefined : true),
      'the platform to be gone',
    );

    expect(await minio.bucketExists(wanted.bucket)).toBe(true);
    expect(await admin.listTopics()).toContain(wanted.topic);
    await expect(describeNamespace(wanted.temporalNamespace)).resolves.toBeDefined();
    const events = await eventsFor(kubeConfig, namespace, 'streamhub');
    expect(events).toContainEqual(expect.objectContaining({ type: 'Normal', reason: 'DataKept' }));
  }, 90_000);
});
