import type { KubeConfig } from '@kubernetes/client-node';
import { Connection } from '@temporalio/client';
import type { Client as MinioClient } from 'minio';
import { installCrds, chartCrds, createTestNamespace } from '../../charts/streamhub/tests/support/api-server';
import { CHART_DIR, runHelm, valuesArgs } from '../../charts/streamhub/tests/support/render-chart';
import { PLAN_KIND, PLATFORM_KIND, type Plan, type StreamHubPlatform } from './api/v1alpha1/types';
import type { RunningOperator } from './operator';
import {
  condition,
  createTestDatabase,
  customResources,
  kubeConfigFrom,
  randomSuffix,
  startTestBilling,
  startTestOperator,
  testMinio,
  testSettings,
  untilReconciled,
  type ServiceSettings,
  type TestBilling,
} from './testing/operator-harness';

// The chart and the operator together: what `helm install` puts on the API
// server (the StreamHubPlatform and the Plans rendered from values) is what
// the operator turns into a bucket, a Temporal namespace, a migrated schema
// and billing's plans. Pods never run here, so the operator runs in this
// process, as it would in its Deployment, against the same API server, and
// calls the real billing service, as it would billing's Service.
describe('a helm release reconciled by the operator', () => {
  const release = 'drive';
  const suffix = randomSuffix();
  const bucket = `chart-e2e-${suffix}`;
  const temporalNamespace = `chart-e2e-${suffix}`;
  let settings: ServiceSettings;
  let kubeConfig: KubeConfig;
  let namespace: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let operator: RunningOperator | undefined;
  let billing: TestBilling | undefined;
  let minio: MinioClient;
  let temporal: Connection;

  beforeAll(async () => {
    settings = testSettings();
    kubeConfig = kubeConfigFrom(settings.KUBECONFIG);
    minio = testMinio(settings);
    temporal = await Connection.connect({ address: settings.TEMPORAL_ADDRESS });
    await installCrds(kubeConfig, chartCrds());
    namespace = await createTestNamespace(kubeConfig, 'chart-e2e');
    database = await createTestDatabase(settings);
  });

  afterAll(async () => {
    await operator?.stop();
    await billing?.stop();
    await runHelm(['uninstall', release, '--namespace', namespace, '--no-hooks']).catch(() => undefined);
    await database?.drop();
    await minio?.removeBucket(bucket).catch(() => undefined);
    await temporal?.close();
  });

  it('provisions what the chart asks for and syncs its three plans into billing', async () => {
    // The quick-start values, with a bucket and Temporal namespace of this test's own.
    await runHelm([
      'install',
      release,
      CHART_DIR,
      '--namespace',
      namespace,
      '--no-hooks',
      ...valuesArgs({
        valuesFiles: ['charts/streamhub/ci/quickstart.yaml'],
        set: { 'platform.bucket.name': bucket, 'platform.temporal.namespace': temporalNamespace },
      }),
    ]);
    // Billing starts on the empty database: the operator's migrations create its schema.
    billing = await startTestBilling(database);
    operator = await startTestOperator({
      kubeConfig,
      namespace,
      db: database.db,
      billing: billing.client,
      settings,
    });

    const platforms = customResources<StreamHubPlatform>(kubeConfig, PLATFORM_KIND, namespace);
    // Named after the release, like every object of the chart.
    const platform = await untilReconciled(
      () => platforms.get(`${release}-streamhub`),
      'the platform to be Ready',
      undefined,
      60_000,
    );
    for (const type of ['BucketReady', 'TopicsReady', 'TemporalNamespaceReady', 'MigrationsApplied'])
      expect(condition(platform, type)).toMatchObject({ status: 'True' });

    expect(await minio.getBucketVersioning(bucket)).toMatchObject({ Status: 'Enabled' });
    const described = await temporal.workflowService.describeNamespace({ namespace: temporalNamespace });
    expect(described.namespaceInfo?.name).toBe(temporalNamespace);

    const plans = customResources<Plan>(kubeConfig, PLAN_KIND, namespace);
    for (const slug of ['free', 'plus', 'pro'])
      await untilReconciled(() => plans.get(slug), `plan ${slug} to be Ready`);
    const rows = await database
      .db<{ slug: string; storage_quota_bytes: string; price_cents: number; is_default: boolean }>(
        'billing.plans',
      )
      .whereNull('retired_at')
      .orderBy('slug');
    expect(rows.map((row) => [row.slug, row.storage_quota_bytes, row.price_cents, row.is_default])).toEqual([
      ['free', String(5 * 1024 ** 3), 0, true],
      ['plus', String(200 * 1024 ** 3), 499, false],
      ['pro', String(2 * 1024 ** 4), 1499, false],
    ]);
  }, 120_000);
});
