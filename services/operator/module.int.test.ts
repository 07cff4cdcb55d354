import type { KubeConfig } from '@kubernetes/client-node';
import knex from 'knex';
import { eventually } from '../internal/testing/eventually';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';
import { PLAN_KIND, type Plan } from './api/v1alpha1/types';
import {
  customResources,
  kubeConfigFrom,
  prepareNamespace,
  randomSuffix,
  testSettings,
  untilReconciled,
} from './testing/operator-harness';
import { planManifest } from './testing/fixtures';

describe('--target=operator', () => {
  let kubeConfig: KubeConfig;
  let namespace: string;
  let app: TestPlatform;

  beforeAll(async () => {
    const settings = testSettings();
    kubeConfig = kubeConfigFrom(settings.KUBECONFIG);
    namespace = await prepareNamespace(kubeConfig, 'target-test');
    app = await startTestPlatform({
      // Billing in the same process: the operator calls it on the local gRPC port (BILLING_GRPC_URL unset).
      targets: ['operator', 'billing'],
      env: {
        KUBECONFIG: settings.KUBECONFIG,
        OPERATOR_NAMESPACE: namespace,
        OPERATOR_LEASE_DURATION_SECONDS: '3',
        OPERATOR_RESYNC_SECONDS: '5',
        POD_NAME: 'operator-target-test',
      },
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('is ready once its informers have synced, and says so on /readyz', async () => {
    // The watch is opened just after the first list: readiness follows within moments.
    const report = await eventually(async () => {
      const response = await fetch(`${app.baseUrl}/readyz`);
      return response.status === 200
        ? ((await response.json()) as { ready: boolean; checks: Record<string, boolean> })
        : undefined;
    }, '/readyz to answer 200');
    expect(report.checks).toMatchObject({ 'operator-informers': true, postgres: true });
  });

  it('reconciles a Plan in its namespace into the configured database', async () => {
    const slug = `op-target-${randomSuffix()}`;
    const plans = customResources<Plan>(kubeConfig, PLAN_KIND, namespace);
    await plans.create(
      planManifest(slug, { displayName: 'Target test', trashRetentionDays: 1, priceCents: 1 }),
    );
    const reconciled = await untilReconciled(() => plans.get(slug), `Plan ${slug} to be Ready`);
    const db = knex({ client: 'pg', connection: testSettings().DATABASE_URL });
    try {
      const row = await db('billing.plans').where({ slug }).first<{ id: string } | undefined>('id');
      expect(row?.id).toBe(reconciled.status?.planId);
    } finally {
      // Retire it (the finalizer runs) so the shared database's plans on sale stay as they were.
      await plans.remove(slug);
      await eventually(
        async () => ((await plans.find(slug)) ? undefined : true),
        `Plan ${slug} to be retired`,
      );
      await db.destroy();
    }
  });

  it('exports its reconciles, their duration, the queue depth and its leadership on /metrics', async () => {
    // Runs after the Plan test above: that Plan's reconciles are counted.
    const text = await eventually(async () => {
      const body = await (await fetch(`${app.baseUrl}/metrics`)).text();
      return /^streamhub_operator_leader 1$/m.test(body) ? body : undefined;
    }, 'the operator to report itself leader');
    const successes =
      /^streamhub_operator_reconciles_total\{controller="plan",outcome="success"\} (\d+)$/m.exec(text);
    expect(Number(successes?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^streamhub_operator_reconcile_duration_seconds_count\{controller="plan"\} [1-9]/m);
    expect(text).toMatch(/^streamhub_operator_queue_depth\{controller="platform"\} \d+$/m);
    // The process metrics share the registry.
    expect(text).toContain('streamhub_process_cpu_seconds_total');
  });
});
