import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { startKubeApiserver, type KubeApiserver } from '../../tilt/local/servers/kube-apiserver';
import { migrate } from '../internal/migrate';
import { eventually } from '../internal/testing/eventually';
import { freePort } from '../internal/testing/free-port';
import { requireTestEnv } from '../internal/testing/require-env';
import { PLAN_KIND, type Plan } from './api/v1alpha1/types';
import type { RunningOperator } from './operator';
import {
  createTestDatabase,
  customResources,
  eventsFor,
  kubeConfigFrom,
  prepareNamespace,
  startTestBilling,
  startTestOperator,
  testSettings,
  untilReconciled,
  type ServiceSettings,
  type TestBilling,
} from './testing/operator-harness';
import { planManifest } from './testing/fixtures';

const plan = (name: string, priceCents = 100) =>
  planManifest(name, { maxFileSize: '100Mi', trashRetentionDays: 7, priceCents });

describe('the operator', () => {
  let settings: ServiceSettings;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let billing: TestBilling;
  const running: RunningOperator[] = [];

  beforeAll(async () => {
    settings = testSettings();
    database = await createTestDatabase(settings);
    await migrate(database.db, 'latest');
    billing = await startTestBilling(database);
  });

  afterAll(async () => {
    await Promise.all(running.map((operator) => operator.stop()));
    await billing?.stop();
    await database?.drop();
  });

  const priceOf = async (slug: string) =>
    (
      await database.db
        .withSchema('billing')
        .table('plans')
        .where({ slug })
        .first<{ price_cents: number } | undefined>('price_cents')
    )?.price_cents;

  async function start(kubeConfig: KubeConfig, namespace: string, identity: string) {
    const operator = await startTestOperator({
      kubeConfig,
      namespace,
      db: database.db,
      billing: billing.client,
      settings,
      identity,
    });
    running.push(operator);
    return operator;
  }

  it('runs two replicas of which only the Lease holder reconciles, and the other takes over when it stops', async () => {
    const kubeConfig = kubeConfigFrom(settings.KUBECONFIG);
    const namespace = await prepareNamespace(kubeConfig, 'replicas-test');
    const plans = customResources<Plan>(kubeConfig, PLAN_KIND, namespace);
    const replicas = {
      'replica-a': await start(kubeConfig, namespace, 'replica-a'),
      'replica-b': await start(kubeConfig, namespace, 'replica-b'),
    };
    const names = ['replica-a', 'replica-b'] as const;
    const leaderName = await eventually(
      async () => names.find((name) => replicas[name].isLeader),
      'a leader',
    );
    const followerName = leaderName === 'replica-a' ? 'replica-b' : 'replica-a';
    expect(replicas[followerName].isLeader).toBe(false);
    // A standby keeps a synced cache (it is ready), it just does not reconcile.
    await eventually(async () => (replicas[followerName].synced ? true : undefined), 'the standby to sync');

    await plans.create(plan('first'));
    await untilReconciled(() => plans.get('first'), 'Plan first to be Ready');
    const firstEvents = await eventsFor(kubeConfig, namespace, 'first');
    expect(new Set(firstEvents.map((event) => event.reportingInstance))).toEqual(new Set([leaderName]));

    await replicas[leaderName].stop();
    await eventually(async () => (replicas[followerName].isLeader ? true : undefined), 'the standby to lead');

    await plans.create(plan('second'));
    await untilReconciled(() => plans.get('second'), 'Plan second to be Ready');
    const secondEvents = await eventsFor(kubeConfig, namespace, 'second');
    expect(new Set(secondEvents.map((event) => event.reportingInstance))).toEqual(new Set([followerName]));
  }, 60_000);

  describe('against its own API server', () => {
    let env: Record<'KUBE_APISERVER_BIN' | 'ETCD_ENDPOINT', string>;
    let runtimeDir: string;
    let port: number;
    let apiServer: KubeApiserver | undefined;

    beforeAll(async () => {
      env = requireTestEnv(['KUBE_APISERVER_BIN', 'ETCD_ENDPOINT']);
      runtimeDir = await mkdtemp(path.join(os.tmpdir(), 'operator-apiserver-'));
      port = await freePort();
    });

    afterAll(async () => {
      await apiServer?.stop();
      if (runtimeDir) await rm(runtimeDir, { recursive: true, force: true });
    });

    const startApiServer = async () =>
      (apiServer = await startKubeApiserver({
        runtimeDir,
        port,
        etcdEndpoint: env.ETCD_ENDPOINT,
        binary: env.KUBE_APISERVER_BIN,
      }));

    it('recovers when the API server restarts: watches come back and a later change is reconciled', async () => {
      const server = await startApiServer();
      const kubeConfig = kubeConfigFrom(server.kubeconfigPath);
      const namespace = await prepareNamespace(kubeConfig, 'restart-test');
      const plans = customResources<Plan>(kubeConfig, PLAN_KIND, namespace);
      const operator = await start(kubeConfig, namespace, 'restart-survivor');
      await eventually(async () => (operator.isLeader ? true : undefined), 'the operator to lead');
      await plans.create(plan('steady', 100));
      const before = await untilReconciled(() => plans.get('steady'), 'Plan steady to be Ready');

      await server.stop();
      apiServer = undefined;
      await eventually(async () => (operator.synced ? undefined : true), 'the operator to notice');
      // The Lease cannot be renewed while the API server is away.
      await eventually(async () => (operator.isLeader ? undefined : true), 'the operator to step down');

      const restarted = await startApiServer();
      expect(restarted.url).toBe(server.url);
      await eventually(async () => (operator.synced ? true : undefined), 'the watches to come back', 60_000);
      await eventually(async () => (operator.isLeader ? true : undefined), 'the operator to lead again');

      await plans.replace({ ...before, spec: { ...before.spec, priceCents: 777 } });
      await untilReconciled(
        () => plans.get('steady'),
        'Plan steady to reconcile its change made after the restart',
        (object) => object.metadata.generation === 2,
      );
      expect(await priceOf('steady')).toBe(777);
    }, 180_000);
  });
});
