import { randomUUID } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Database } from '../../../internal/db';
import { eventually } from '../../../internal/testing/eventually';
import { PLAN_FINALIZER, PLAN_KIND, type Plan } from '../../api/v1alpha1/types';
import type { RunningOperator } from '../../operator';
import {
  condition,
  createTestDatabase,
  customResources,
  eventsFor,
  startTestBilling,
  startOperatorWithBilling,
  untilReconciled,
  type TestBilling,
} from '../../testing/operator-harness';
import { planManifest } from '../../testing/fixtures';

// What this test reads back from billing's table (the operator itself only calls billing's API).
interface PlanRow {
  id: string;
  slug: string;
  name: string;
  storage_quota_bytes: string;
  price_cents: number;
  is_default: boolean;
  retired_at: Date | null;
}

describe('the Plan controller', () => {
  let kubeConfig: KubeConfig;
  let namespace: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let billing: TestBilling;
  let operator: RunningOperator;
  let plans: ReturnType<typeof customResources<Plan>>;

  beforeAll(async () => {
    ({ kubeConfig, namespace, database, billing, operator } = await startOperatorWithBilling('plan-test'));
    db = database.db;
    plans = customResources<Plan>(kubeConfig, PLAN_KIND, namespace);
  });

  afterAll(async () => {
    await operator?.stop();
    await billing?.stop();
    await database?.drop();
  });

  const row = (slug: string) =>
    db.withSchema('billing').table('plans').where({ slug }).first<PlanRow | undefined>();

  const plan = (name: string, spec: Partial<Plan['spec']> = {}) =>
    planManifest(name, {
      displayName: 'Team',
      storageQuota: '1Ti',
      maxFileSize: '20Gi',
      trashRetentionDays: 60,
      priceCents: 999,
      ...spec,
    });

  it('creates the billing.plans row with exact byte sizes, adds its finalizer and reports Ready with the plan id', async () => {
    await plans.create(plan('team', { storageQuota: '8000Pi' }));
    const reconciled = await untilReconciled(() => plans.get('team'), 'Plan team to be Ready');

    const stored = await row('team');
    expect(stored).toMatchObject({
      name: 'Team',
      storage_quota_bytes: (8000n * 2n ** 50n).toString(),
      max_file_size_bytes: String(20 * 1024 ** 3),
      trash_retention_seconds: 60 * 86_400,
      period_days: 30,
      price_cents: 999,
      is_default: false,
      retired_at: null,
    });
    expect(reconciled.status?.planId).toBe(stored!.id);
    expect(reconciled.metadata.finalizers).toContain(PLAN_FINALIZER);
    expect(condition(reconciled, 'PlanSynced')).toMatchObject({ status: 'True', reason: 'PlanSynced' });
    const events = await eventsFor(kubeConfig, namespace, 'team');
    expect(events).toContainEqual(expect.objectContaining({ type: 'Normal', reason: 'Created' }));
  });

  it('applies a price change and reports the new generation as observed, keeping the transition time', async () => {
    await plans.create(plan('solo', { priceCents: 300 }));
    const first = await untilReconciled(() => plans.get('solo'), 'Plan solo to be Ready');
    const readySince = condition(first, 'Ready')!.lastTransitionTime;

    await plans.replace({ ...first, spec: { ...first.spec, priceCents: 450, displayName: 'Solo+' } });
    const updated = await untilReconciled(
      () => plans.get('solo'),
      'Plan solo to observe its second generation',
      (object) => object.metadata.generation === 2,
    );
    expect(updated.status?.observedGeneration).toBe(2);
    expect(await row('solo')).toMatchObject({ price_cents: 450, name: 'Solo+' });
    expect(condition(updated, 'Ready')!.lastTransitionTime).toBe(readySince);
  });

  it('refuses a quota that is not a byte quantity at the API server', async () => {
    await expect(plans.create(plan('broken', { storageQuota: '10GB' }))).rejects.toMatchObject({ code: 422 });
  });

  it('moves the default to the oldest Plan claiming it and reports DefaultConflict with a Warning on the other', async () => {
    await plans.create(plan('basic', { default: true, priceCents: 0 }));
    await untilReconciled(() => plans.get('basic'), 'Plan basic to be Ready');
    expect(await row('basic')).toMatchObject({ is_default: true });
    // The seeded free plan gave up the default in the same transaction.
    expect(await row('free')).toMatchObject({ is_default: false });

    await plans.create(plan('basic-two', { default: true, priceCents: 1 }));
    const loser = await untilReconciled(
      () => plans.get('basic-two'),
      'Plan basic-two to report the conflict',
      (object) => condition(object, 'PlanSynced')?.reason === 'DefaultConflict',
    );
    expect(condition(loser, 'Ready')).toMatchObject({ status: 'False', reason: 'PlanNotReady' });
    expect(await row('basic-two')).toMatchObject({ is_default: false, price_cents: 1 });
    expect(await row('basic')).toMatchObject({ is_default: true });
    const events = await eventsFor(kubeConfig, namespace, 'basic-two');
    expect(events).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'DefaultConflict' }));
  });

  it('retires a deleted Plan: the row stays with retired_at, a subscription keeps it, the finalizer goes', async () => {
    await plans.create(plan('legacy'));
    await untilReconciled(() => plans.get('legacy'), 'Plan legacy to be Ready');
    const planId = (await row('legacy'))!.id;
    const userId = randomUUID();
    await db.withSchema('billing').table('subscriptions').insert({ user_id: userId, plan_id: planId });

    await plans.remove('legacy');
    await eventually(async () => ((await plans.find('legacy')) ? undefined : true), 'Plan legacy to be gone');

    const retired = await row('legacy');
    expect(retired!.retired_at).toBeInstanceOf(Date);
    const subscription = await db
      .withSchema('billing')
      .table('subscriptions')
      .where({ user_id: userId })
      .first<{ plan_id: string; status: string }>();
    expect(subscription).toMatchObject({ plan_id: planId, status: 'active' });
    const events = await eventsFor(kubeConfig, namespace, 'legacy');
    expect(events).toContainEqual(expect.objectContaining({ type: 'Normal', reason: 'Retired' }));
  });

  it('puts a retired plan on sale again when its Plan is created again', async () => {
    await plans.create(plan('comeback'));
    await untilReconciled(() => plans.get('comeback'), 'Plan comeback to be Ready');
    const { id } = (await row('comeback'))!;
    await plans.remove('comeback');
    await eventually(
      async () => ((await row('comeback'))?.retired_at ? true : undefined),
      'comeback retired',
    );
    await eventually(async () => ((await plans.find('comeback')) ? undefined : true), 'Plan comeback gone');

    await plans.create(plan('comeback', { priceCents: 123 }));
    await untilReconciled(() => plans.get('comeback'), 'Plan comeback to be Ready again');
    expect(await row('comeback')).toMatchObject({ id, retired_at: null, price_cents: 123 });
  });

  it('reports BillingError while billing is down, keeps retrying, and syncs once billing is back', async () => {
    const { grpcPort } = billing.platform;
    await billing.stop();
    await plans.create(plan('outage'));
    const failing = await untilReconciled(
      () => plans.get('outage'),
      'Plan outage to report billing down',
      (object) => condition(object, 'PlanSynced')?.reason === 'BillingError',
    );
    expect(condition(failing, 'Ready')).toMatchObject({ status: 'False', reason: 'PlanNotReady' });
    const events = await eventsFor(kubeConfig, namespace, 'outage');
    expect(events).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'BillingError' }));
    expect(await row('outage')).toBeUndefined();

    billing = await startTestBilling(database, { grpcPort });
    const synced = await untilReconciled(
      () => plans.get('outage'),
      'Plan outage to be Ready once billing is back',
    );
    expect(synced.status?.planId).toBe((await row('outage'))!.id);
  });
});
