import { component, find, ofKind, type KubeObject } from './support/objects';
import { renderChart } from './support/render-chart';

interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: unknown;
  ipBlock?: unknown;
}

// A rule admits traffic from outside the release when it names no peer at all (everyone), or a
// peer that is not a pod of this release in the same namespace.
function admitsOutsiders(policy: KubeObject): boolean {
  const rules = (policy.spec.ingress ?? []) as { from?: Peer[] }[];
  return rules.some(
    (rule) =>
      !rule.from ||
      rule.from.some(
        (peer) =>
          peer.namespaceSelector !== undefined ||
          peer.ipBlock !== undefined ||
          peer.podSelector?.matchLabels?.['app.kubernetes.io/instance'] !== 'sh',
      ),
  );
}

describe('NetworkPolicies', () => {
  it("only the gateway's NetworkPolicy admits traffic from outside the release", async () => {
    for (const mode of ['split', 'all']) {
      const policies = ofKind(await renderChart({ set: { mode } }), 'NetworkPolicy');
      const open = policies.filter(admitsOutsiders).map(component);
      expect(open).toEqual([mode === 'split' ? 'gateway' : 'all']);
    }
  });

  it('opens only the http port of the gateway to everyone, its metrics port to the release', async () => {
    const policies = ofKind(await renderChart({ set: { mode: 'split' } }), 'NetworkPolicy');
    const gateway = policies.find((policy) => component(policy) === 'gateway');
    expect(gateway?.spec.ingress).toEqual([
      { ports: [{ port: 'http', protocol: 'TCP' }] },
      {
        from: [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'streamhub', 'app.kubernetes.io/instance': 'sh' },
            },
          },
        ],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ]);
  });

  it('denies ingress by default to every pod of the release', async () => {
    const policies = ofKind(await renderChart(), 'NetworkPolicy');
    const defaultDeny = policies.find((policy) => policy.metadata.name === 'sh-streamhub-default-deny');
    expect(defaultDeny?.spec).toEqual({
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': 'streamhub', 'app.kubernetes.io/instance': 'sh' },
      },
      policyTypes: ['Ingress'],
    });
  });

  it('covers every workload and quick-start server with its own policy, ingress only', async () => {
    const objects = await renderChart({ set: { mode: 'split' } });
    const policies = ofKind(objects, 'NetworkPolicy');
    const workloads = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'StatefulSet')].map(component);
    expect(policies.map(component).filter(Boolean).sort()).toEqual(workloads.sort());
    for (const policy of policies) expect(policy.spec.policyTypes).toEqual(['Ingress']);
  });

  it('lets the ingress controller reach MinIO and the Temporal UI only when they are exposed', async () => {
    const objects = await renderChart({
      valuesFiles: ['charts/streamhub/ci/split.yaml'],
      set: { 'serviceMonitor.enabled': false },
    });
    const policies = ofKind(objects, 'NetworkPolicy');
    expect(policies.filter(admitsOutsiders).map(component).sort()).toEqual([
      'admin',
      'auth',
      'billing',
      'chat',
      'files',
      'gateway',
      'ingest',
      'minio',
      'notifications',
      'operator',
      'storage',
      'temporal',
      'worker',
    ]);
    // The targets other than the gateway open only `http` to the monitoring namespace.
    const worker = policies.find((policy) => component(policy) === 'worker');
    expect(worker?.spec.ingress[1]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 'http', protocol: 'TCP' }],
    });
    const minio = policies.find((policy) => component(policy) === 'minio');
    expect(minio?.spec.ingress[1].ports).toEqual([{ port: 9000, protocol: 'TCP' }]);
  });

  it("admits the operator to billing's gRPC port (Plans reach billing through its API) in either mode", async () => {
    for (const [mode, billing] of [
      ['split', 'billing'],
      ['all', 'all'],
    ]) {
      const objects = await renderChart({ set: { mode } });
      const operatorLabels = find(objects, 'Deployment', 'sh-streamhub-operator').spec.template.metadata
        .labels as Record<string, string>;
      const policy = ofKind(objects, 'NetworkPolicy').find((candidate) => component(candidate) === billing);
      const rules = (policy?.spec.ingress ?? []) as { from?: Peer[]; ports: { port: string }[] }[];
      const admitted = rules.some(
        (rule) =>
          rule.ports.some((port) => port.port === 'grpc') &&
          rule.from?.some((peer) =>
            Object.entries(peer.podSelector?.matchLabels ?? {}).every(
              ([key, value]) => operatorLabels[key] === value,
            ),
          ),
      );
      expect(admitted).toBe(true);
    }
  });

  it('renders none when switched off', async () => {
    expect(ofKind(await renderChart({ set: { 'networkPolicy.enabled': false } }), 'NetworkPolicy')).toEqual(
      [],
    );
  });
});
