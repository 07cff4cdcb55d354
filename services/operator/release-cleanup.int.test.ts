// The chart's pre-delete hook against the real kube-apiserver, the real
// operator and billing: the release's Plans are deleted and the call
// returns once the operator has retired them; other Plans stay; a resource
// nobody finalizes is reported when the time runs out.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { Database } from '../internal/db';
import { eventually } from '../internal/testing/eventually';
import { PLAN_KIND, type Plan } from './api/v1alpha1/types';
import type { RunningOperator } from './operator';
import { deleteReleaseResources } from './release-cleanup';
import { planManifest } from './testing/fixtures';
import {
  createTestDatabase,
  customResources,
  startOperatorWithBilling,
  untilReconciled,
  type TestBilling,
} from './testing/operator-harness';

const RELEASE_LABELS = { 'app.kubernetes.io/instance': 'drive', 'app.kubernetes.io/name': 'streamhub' };
const SELECTOR = 'app.kubernetes.io/instance=drive,app.kubernetes.io/name=streamhub';

describe('release cleanup (the pre-delete hook)', () => {
  let kubeConfig: KubeConfig;
  let namespace: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let billing: TestBilling;
  let operator: RunningOperator;
  let plans: ReturnType<typeof customResources<Plan>>;

  beforeAll(async () => {
    ({ kubeConfig, namespace, database, billing, operator } =
      await startOperatorWithBilling('release-cleanup'));
    db = database.db;
    plans = customResources<Plan>(kubeConfig, PLAN_KIND, namespace);
  });

  afterAll(async () => {
    await operator?.stop();
    await billing?.stop();
    await database?.drop();
  });

  const labelled = (name: string, labels: Record<string, string>) => {
    const manifest = planManifest(name);
    return { ...manifest, metadata: { ...manifest.metadata, labels } };
  };
  const retiredAt = async (slug: string) =>
    ((await db.withSchema('billing').table('plans').where({ slug }).first()) as { retired_at: Date | null })
      .retired_at;

  it("deletes the release's Plans and returns once the operator retired them in billing; others stay", async () => {
    await plans.create(labelled('release-a', RELEASE_LABELS));
    await plans.create(labelled('release-b', RELEASE_LABELS));
    await plans.create(labelled('other', { ...RELEASE_LABELS, 'app.kubernetes.io/instance': 'another' }));
    for (const name of ['release-a', 'release-b', 'other'])
      await untilReconciled(() => plans.get(name), `Plan ${name} Ready`);

    const left = await deleteReleaseResources({
      api: kubeConfig.makeApiClient(CustomObjectsApi),
      namespace,
      selector: SELECTOR,
      timeoutMs: 60_000,
      pollMs: 200,
    });

    expect(left).toEqual([]);
    expect(await plans.find('release-a')).toBeUndefined();
    expect(await plans.find('release-b')).toBeUndefined();
    // Gone only after the finalizer ran: billing has them retired.
    expect(await retiredAt('release-a')).toBeInstanceOf(Date);
    expect(await retiredAt('release-b')).toBeInstanceOf(Date);
    expect(await plans.find('other')).toBeDefined();
    expect(await retiredAt('other')).toBeNull();
  });

  it('reports what is still there when nobody finalizes it in time', async () => {
    const stuck = labelled('stuck', RELEASE_LABELS);
    await plans.create({ ...stuck, metadata: { ...stuck.metadata, finalizers: ['example.com/never'] } });
    await untilReconciled(() => plans.get('stuck'), 'Plan stuck Ready');

    const left = await deleteReleaseResources({
      api: kubeConfig.makeApiClient(CustomObjectsApi),
      namespace,
      selector: SELECTOR,
      timeoutMs: 3000,
      pollMs: 200,
    });

    expect(left).toEqual(['plans/stuck']);
    const current = await plans.get('stuck');
    await plans.replace({ ...current, metadata: { ...current.metadata, finalizers: [] } });
    await eventually(async () => ((await plans.find('stuck')) ? undefined : true), 'Plan stuck gone');
  });
});
