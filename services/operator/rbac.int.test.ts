import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { migrate } from '../internal/migrate';
import { eventually } from '../internal/testing/eventually';
import { PLAN_KIND, PLATFORM_KIND, type Plan, type StreamHubPlatform } from './api/v1alpha1/types';
import type { RunningOperator } from './operator';
import { OPERATOR_RBAC_RULES } from './rbac';
import {
  createTestDatabase,
  customResources,
  kubeConfigFrom,
  prepareNamespace,
  randomSuffix,
  startTestBilling,
  startTestOperator,
  testMinio,
  testSettings,
  untilReconciled,
  type TestBilling,
} from './testing/operator-harness';
import { planManifest, platformManifest } from './testing/fixtures';

// The API server enforces RBAC: the operator runs as a ServiceAccount bound
// to OPERATOR_RBAC_RULES alone (the admin impersonates it), so a missing
// rule fails this test instead of a production install.
describe('the operator under its documented RBAC rules', () => {
  let operator: RunningOperator | undefined;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let billing: TestBilling | undefined;

  afterAll(async () => {
    await operator?.stop();
    await billing?.stop();
    await database?.drop();
  });

  function impersonating(admin: KubeConfig, user: string): KubeConfig {
    const restricted = new KubeConfig();
    restricted.loadFromOptions({
      clusters: admin.getClusters(),
      users: admin.getUsers().map((entry) => ({ ...entry, impersonateUser: user })),
      contexts: admin.getContexts(),
      currentContext: admin.getCurrentContext(),
    });
    return restricted;
  }

  it('leads, reconciles a Plan and a StreamHubPlatform, records events and runs finalizers', async () => {
    const settings = testSettings();
    const admin = kubeConfigFrom(settings.KUBECONFIG);
    const namespace = await prepareNamespace(admin, 'rbac-test');
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    await admin
      .makeApiClient(CoreV1Api)
      .createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'streamhub-operator' } } });
    await rbac.createNamespacedRole({
      namespace,
      body: { metadata: { name: 'streamhub-operator' }, rules: OPERATOR_RBAC_RULES },
    });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'streamhub-operator' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'streamhub-operator' },
        subjects: [{ kind: 'ServiceAccount', name: 'streamhub-operator', namespace }],
      },
    });
    const restricted = impersonating(admin, `system:serviceaccount:${namespace}:streamhub-operator`);
    // The restricted identity cannot read what it was not granted.
    await expect(
      restricted.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace }),
    ).rejects.toMatchObject({
      code: 403,
    });

    database = await createTestDatabase(settings);
    await migrate(database.db, 'latest');
    billing = await startTestBilling(database);
    operator = await startTestOperator({
      kubeConfig: restricted,
      namespace,
      db: database.db,
      billing: billing.client,
      settings,
    });
    await eventually(async () => (operator!.isLeader ? true : undefined), 'the operator to lead');

    const plans = customResources<Plan>(admin, PLAN_KIND, namespace);
    await plans.create(planManifest('rbac', { displayName: 'RBAC', trashRetentionDays: 1, priceCents: 5 }));
    await untilReconciled(() => plans.get('rbac'), 'Plan rbac to be Ready');

    const suffix = randomSuffix();
    const platforms = customResources<StreamHubPlatform>(admin, PLATFORM_KIND, namespace);
    await platforms.create(
      platformManifest('streamhub', {
        bucket: { name: `op-rbac-${suffix}`, notification: { arn: settings.S3_NOTIFICATION_ARN } },
        temporal: { namespace: `op-rbac-${suffix}` },
      }),
    );
    await untilReconciled(() => platforms.get('streamhub'), 'the platform to be Ready', undefined, 60_000);

    const { items: events } = await admin.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace });
    expect(events.length).toBeGreaterThan(0);

    await plans.remove('rbac');
    await platforms.remove('streamhub');
    await eventually(
      async () => ((await plans.find('rbac')) || (await platforms.find('streamhub')) ? undefined : true),
      'both finalizers to run',
    );
    await testMinio(settings).removeBucket(`op-rbac-${suffix}`);
  }, 90_000);
});
