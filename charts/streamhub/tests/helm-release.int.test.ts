import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  applyToApiServer,
  chartCrds,
  createTestNamespace,
  installCrds,
  kubeConfigFromEnv,
  kubeRequest,
  loadYamlFiles,
} from './support/api-server';
import { isHook } from './support/objects';
import { CHART_DIR, renderChart, runHelm, SERVICE_MONITOR_API, valuesArgs } from './support/render-chart';

const RELEASE = 'drive';
const SERVICE_MONITOR_CRD = path.join(
  __dirname,
  'support',
  'fixtures',
  'servicemonitors.monitoring.coreos.com.yaml',
);

async function list(kubeConfig: KubeConfig, apiPath: string): Promise<string[]> {
  const body = JSON.parse(await kubeRequest(kubeConfig, { method: 'GET', path: apiPath })) as {
    items: { metadata: { name: string } }[];
  };
  return body.items.map((item) => item.metadata.name).sort();
}

async function secretValue(kubeConfig: KubeConfig, namespace: string, name: string, key: string) {
  const secret = JSON.parse(
    await kubeRequest(kubeConfig, { method: 'GET', path: `/api/v1/namespaces/${namespace}/secrets/${name}` }),
  ) as { data: Record<string, string> };
  return Buffer.from(secret.data[key] ?? '', 'base64').toString('utf8');
}

// Pods never run on the test API server, so a real install cannot wait for the migrations Job to
// complete: install, upgrade and uninstall run with --no-hooks, and the hook objects are validated by a
// server-side dry run of exactly what helm would create for them.
describe('a real helm release on the kube-apiserver', () => {
  let kubeConfig: KubeConfig;
  let namespace: string;

  beforeAll(async () => {
    kubeConfig = kubeConfigFromEnv();
    await installCrds(kubeConfig, [...chartCrds(), ...loadYamlFiles([SERVICE_MONITOR_CRD])]);
    namespace = await createTestNamespace(kubeConfig, 'chart-release');
  });

  it('installs the quick start, upgrades to the split topology and uninstalls, keeping the CRDs', async () => {
    const release = ['--namespace', namespace];
    const install = await runHelm([
      'install',
      RELEASE,
      CHART_DIR,
      ...release,
      '--no-hooks',
      ...valuesArgs({ valuesFiles: ['charts/streamhub/ci/quickstart.yaml'] }),
    ]);
    expect(install.stdout).toContain('STATUS: deployed');
    expect(install.stdout).toContain(
      `kubectl --namespace ${namespace} port-forward service/drive-streamhub-all 8080:8080`,
    );
    expect(install.stdout).toContain(`kubectl --namespace ${namespace} get shp,shplan`);
    expect(await list(kubeConfig, `/apis/apps/v1/namespaces/${namespace}/deployments`)).toEqual([
      'drive-streamhub-all',
      'drive-streamhub-operator',
    ]);
    expect(await list(kubeConfig, `/apis/streamhub.io/v1alpha1/namespaces/${namespace}/plans`)).toEqual([
      'free',
      'plus',
      'pro',
    ]);
    const password = await secretValue(kubeConfig, namespace, 'drive-streamhub-postgres', 'password');
    expect(password).toMatch(/^[A-Za-z0-9]{32}$/);

    const upgrade = await runHelm([
      'upgrade',
      RELEASE,
      CHART_DIR,
      ...release,
      '--no-hooks',
      ...valuesArgs({ valuesFiles: ['charts/streamhub/ci/split.yaml'] }),
    ]);
    expect(upgrade.stdout).toContain('STATUS: deployed');
    // One per target in split mode: gateway, auth, files, storage, billing, admin, ingest, chat,
    // notifications, worker and the operator.
    expect(await list(kubeConfig, `/apis/apps/v1/namespaces/${namespace}/deployments`)).toHaveLength(11);
    expect(
      await list(kubeConfig, `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers`),
    ).toHaveLength(5);
    expect(
      await list(kubeConfig, `/apis/monitoring.coreos.com/v1/namespaces/${namespace}/servicemonitors`),
    ).toEqual(['drive-streamhub']);
    // Generated credentials survive upgrades (lookup), or the database would lock StreamHub out.
    expect(await secretValue(kubeConfig, namespace, 'drive-streamhub-postgres', 'password')).toBe(password);

    // --no-hooks: the pre-delete release-cleanup Job cannot run here either (it runs for real in
    // tilt/local/cluster/helm-install.cluster-test.ts).
    await runHelm(['uninstall', RELEASE, ...release, '--no-hooks']);
    expect(await list(kubeConfig, `/apis/apps/v1/namespaces/${namespace}/deployments`)).toEqual([]);
    expect(
      await list(kubeConfig, `/apis/streamhub.io/v1alpha1/namespaces/${namespace}/streamhubplatforms`),
    ).toEqual([]);
    // Helm never deletes what crds/ installed: custom resources of other releases depend on them.
    const crds = await list(kubeConfig, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    expect(crds).toEqual(expect.arrayContaining(['plans.streamhub.io', 'streamhubplatforms.streamhub.io']));
  });

  it('has the API server accept the hook objects helm would create (install, upgrade, uninstall)', async () => {
    const hookNamespace = await createTestNamespace(kubeConfig, 'chart-hooks');
    for (const valuesFile of ['charts/streamhub/ci/quickstart.yaml', 'charts/streamhub/ci/mixed.yaml']) {
      const hooks = (
        await renderChart({
          valuesFiles: [valuesFile],
          namespace: hookNamespace,
          apiVersions: [SERVICE_MONITOR_API],
        })
      ).filter(isHook);
      expect(hooks.map((hook) => hook.kind)).toContain('Job');
      expect(await applyToApiServer(kubeConfig, hooks, { namespace: hookNamespace })).toEqual([]);
    }
  });
});
