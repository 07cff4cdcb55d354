import { randomUUID } from 'node:crypto';
import { CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { requireTestEnv } from '../../../services/internal/testing/require-env';

describe('the test kube-apiserver', () => {
  let config: KubeConfig;

  beforeAll(() => {
    const env = requireTestEnv(['KUBECONFIG', 'KUBE_VERSION']);
    config = new KubeConfig();
    config.loadFromFile(env.KUBECONFIG);
  });

  it('reports the Kubernetes version the chart is rendered for', async () => {
    const version = await config.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe(`v${process.env.KUBE_VERSION}`);
  });

  it('stores objects in etcd and validates them: a bad name is refused with 422', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const name = `apiserver-test-${randomUUID().slice(0, 8)}`;
    await core.createNamespace({ body: { metadata: { name } } });
    const stored = await core.readNamespace({ name });
    expect(stored.metadata?.uid).toBeTruthy();

    await expect(
      core.createNamespacedConfigMap({ namespace: name, body: { metadata: { name: 'Not_A_DNS_Name' } } }),
    ).rejects.toMatchObject({ code: 422 });
  });

  it('authenticates: a token it does not know gets 401', async () => {
    const cluster = config.getCurrentCluster()!;
    const stranger = new KubeConfig();
    stranger.loadFromOptions({
      clusters: [{ name: 'c', server: cluster.server, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'not-a-token' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await expect(stranger.makeApiClient(CoreV1Api).listNamespace()).rejects.toMatchObject({ code: 401 });
  });
});
