import type { Admin } from 'kafkajs';
import type { Client as MinioClient } from 'minio';
import { Registry } from 'prom-client';
import { eventually } from '../internal/testing/eventually';
import { PLATFORM_KIND, type StreamHubPlatform } from './api/v1alpha1/types';
import type { RunningOperator } from './operator';
import { platformManifest } from './testing/fixtures';
import {
  createTestDatabase,
  customResources,
  kubeConfigFrom,
  prepareNamespace,
  randomSuffix,
  startTestBilling,
  startTestOperator,
  testKafka,
  testMinio,
  testSettings,
  untilReconciled,
  type TestBilling,
} from './testing/operator-harness';

// A platform reconciled on the real API server (own bucket, topic, Temporal
// namespace and database, as in platform.int.test.ts), then read back through
// the operator's registry: the gauge follows the status the operator wrote.
const RECONCILED = /^streamhub_operator_reconciles_total\{controller="platform",outcome="success"\} [1-9]/m;

describe('streamhub_platform_condition', () => {
  const settings = testSettings();
  const kubeConfig = kubeConfigFrom(settings.KUBECONFIG);
  const suffix = randomSuffix();
  const bucket = `op-gauge-${suffix}`;
  const topic = `test.operator-gauge-${suffix}`;
  const registry = new Registry();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let billing: TestBilling;
  let operator: RunningOperator;
  let admin: Admin;
  let minio: MinioClient;

  afterAll(async () => {
    await operator?.stop();
    await billing?.stop();
    await database?.drop();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
    await minio?.removeBucket(bucket).catch(() => undefined);
  });

  it('is 1 on the True series of every condition of a reconciled platform, 0 on the others', async () => {
    minio = testMinio(settings);
    admin = testKafka(settings).admin();
    await admin.connect();
    const namespace = await prepareNamespace(kubeConfig, 'gauge-test');
    database = await createTestDatabase(settings);
    billing = await startTestBilling(database);
    operator = await startTestOperator({
      kubeConfig,
      namespace,
      db: database.db,
      billing: billing.client,
      settings,
      metrics: registry,
    });
    const platforms = customResources<StreamHubPlatform>(kubeConfig, PLATFORM_KIND, namespace);
    await platforms.create(
      platformManifest('streamhub', {
        bucket: { name: bucket, notification: { arn: settings.S3_NOTIFICATION_ARN } },
        kafka: { topics: [{ name: topic, partitions: 1, retentionHours: 2 }] },
        temporal: { namespace: `op-gauge-${suffix}`, retentionDays: 1 },
      }),
    );
    const reconciled = await untilReconciled(
      () => platforms.get('streamhub'),
      'the platform to be Ready',
      undefined,
      60_000,
    );
    const types = (reconciled.status?.conditions ?? []).map((condition) => condition.type);
    expect(types).toEqual(expect.arrayContaining(['BucketReady', 'TopicsReady', 'Ready']));

    // The informer delivers the status patch a moment after the API server
    // took it, and the reconcile that sent the patch counts its success only
    // once the patch's answer came back: either can come after the other.
    const text = await eventually(async () => {
      const body = await registry.metrics();
      const ready = body.includes(
        `streamhub_platform_condition{namespace="${namespace}",platform="streamhub",type="Ready",status="True"} 1`,
      );
      return ready && RECONCILED.test(body) ? body : undefined;
    }, 'the Ready gauge to be 1 and a successful reconcile counted');
    for (const type of types) {
      const series = (status: string) =>
        `streamhub_platform_condition{namespace="${namespace}",platform="streamhub",type="${type}",status="${status}"}`;
      expect(text).toContain(`${series('True')} 1`);
      expect(text).toContain(`${series('False')} 0`);
      expect(text).toContain(`${series('Unknown')} 0`);
    }
    expect(text).toMatch(RECONCILED);
  }, 90_000);
});
