import { component, envOf, find, isHook, mainContainer, ofKind } from './support/objects';
import { renderChart } from './support/render-chart';

const ALL_TARGETS = [
  'gateway',
  'auth',
  'billing',
  'files',
  'storage',
  'admin',
  'chat',
  'notifications',
  'ingest',
  'worker',
  'operator',
];
const GRPC_TARGETS = ['auth', 'billing', 'files', 'storage', 'admin', 'chat', 'notifications'];

describe('StreamHub workloads', () => {
  it('renders one Deployment per target in split mode, each running its own --target', async () => {
    const objects = await renderChart({ set: { mode: 'split' } });
    const deployments = ofKind(objects, 'Deployment');
    expect(deployments.map(component).sort()).toEqual([...ALL_TARGETS].sort());
    for (const deployment of deployments)
      expect(mainContainer(deployment).args).toEqual([`--target=${component(deployment)}`]);
  });

  it('renders one all-in-one Deployment running every target but the operator, plus the operator, in mode all', async () => {
    const objects = await renderChart();
    const deployments = ofKind(objects, 'Deployment');
    expect(deployments.map(component)).toEqual(['all', 'operator']);
    expect(mainContainer(find(objects, 'Deployment', 'sh-streamhub-all')).args).toEqual([
      '--target=gateway,auth,billing,files,storage,admin,chat,notifications,ingest,worker',
    ]);
  });

  it('leaves a disabled target out of the split topology and of the all-in-one process', async () => {
    const split = await renderChart({ set: { mode: 'split', 'targets.admin.enabled': false } });
    expect(ofKind(split, 'Deployment').map(component)).not.toContain('admin');
    const all = await renderChart({ set: { 'targets.admin.enabled': false } });
    expect(mainContainer(find(all, 'Deployment', 'sh-streamhub-all')).args[0]).not.toContain('admin');
  });

  it('probes every StreamHub container with /healthz (liveness) and /readyz (readiness) on port http', async () => {
    const objects = await renderChart({ set: { mode: 'split' } });
    for (const deployment of ofKind(objects, 'Deployment')) {
      const container = mainContainer(deployment);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.ports[0]).toMatchObject({ name: 'http', containerPort: 8080 });
    }
  });

  it('runs StreamHub pods as non-root with a read-only root, no capabilities and resource requests', async () => {
    const objects = await renderChart({ set: { mode: 'split' } });
    for (const workload of [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')]) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      const container = mainContainer(workload);
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.resources.requests).toEqual(
        expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }),
      );
    }
  });

  it('serves gRPC only from auth, billing, files, storage, admin, chat and notifications, and wires their Service URLs into the config', async () => {
    const objects = await renderChart({ set: { mode: 'split' } });
    const grpcServices = ofKind(objects, 'Service')
      .filter((service) => service.spec.ports.some((port: { name: string }) => port.name === 'grpc'))
      .map(component)
      .filter((name) => name !== 'temporal');
    expect(grpcServices.sort()).toEqual([...GRPC_TARGETS].sort());
    const config = find(objects, 'ConfigMap', 'sh-streamhub-config').data;
    expect(config).toMatchObject({
      AUTH_GRPC_URL: 'http://sh-streamhub-auth:9090',
      BILLING_GRPC_URL: 'http://sh-streamhub-billing:9090',
      FILES_GRPC_URL: 'http://sh-streamhub-files:9090',
      STORAGE_GRPC_URL: 'http://sh-streamhub-storage:9090',
      ADMIN_GRPC_URL: 'http://sh-streamhub-admin:9090',
      CHAT_GRPC_URL: 'http://sh-streamhub-chat:9090',
      NOTIFICATIONS_GRPC_URL: 'http://sh-streamhub-notifications:9090',
      HTTP_HOST: '0.0.0.0',
      GRPC_HOST: '0.0.0.0',
    });
  });

  it('leaves the gRPC URLs unset in mode all, where every service is in the same process', async () => {
    const config = find(await renderChart(), 'ConfigMap', 'sh-streamhub-config').data;
    expect(Object.keys(config).filter((key) => key.endsWith('_GRPC_URL'))).toEqual([]);
  });

  it('gives each target only the secrets it reads: S3 keys to storage and the operator alone', async () => {
    const objects = await renderChart({ set: { mode: 'split' } });
    const secretVariables = (name: string) =>
      Object.keys(envOf(mainContainer(find(objects, 'Deployment', `sh-streamhub-${name}`)))).filter(
        (variable) =>
          !variable.startsWith('POD_') &&
          !variable.startsWith('OPERATOR_') &&
          !variable.endsWith('_GRPC_URL'),
      );
    expect(secretVariables('gateway')).toEqual(['REDIS_PASSWORD', 'REDIS_URL', 'CURSOR_SIGNING_KEY']);
    // They write and read the plan and usage caches (docs/decisions.md, "Read caches that are never stale").
    for (const name of ['billing', 'files', 'worker']) expect(secretVariables(name)).toContain('REDIS_URL');
    expect(secretVariables('storage')).toEqual(['S3_ACCESS_KEY', 'S3_SECRET_KEY']);
    expect(secretVariables('ingest')).toEqual([]);
    expect(secretVariables('operator')).toEqual([
      'DATABASE_PASSWORD',
      'DATABASE_URL',
      'S3_ACCESS_KEY',
      'S3_SECRET_KEY',
    ]);
    for (const name of [
      'gateway',
      'auth',
      'billing',
      'files',
      'admin',
      'chat',
      'notifications',
      'ingest',
      'worker',
    ])
      expect(secretVariables(name)).not.toContain('S3_SECRET_KEY');
  });

  it('composes the quick-start database URL from the generated password, in the pod', async () => {
    const objects = await renderChart();
    const env = envOf(mainContainer(find(objects, 'Deployment', 'sh-streamhub-all')));
    expect(env.DATABASE_PASSWORD).toBe('secret:sh-streamhub-postgres/password');
    expect(env.DATABASE_URL).toBe(
      'postgres://streamhub:$(DATABASE_PASSWORD)@sh-streamhub-postgres:5432/streamhub',
    );
    expect(env.REDIS_URL).toBe('redis://:$(REDIS_PASSWORD)@sh-streamhub-redis:6379');
  });

  it('mounts a service account token only in the operator, which learns its namespace and Lease name', async () => {
    const objects = await renderChart({ set: { mode: 'split' } });
    for (const deployment of ofKind(objects, 'Deployment'))
      expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(
        component(deployment) === 'operator',
      );
    const operator = mainContainer(find(objects, 'Deployment', 'sh-streamhub-operator'));
    expect(envOf(operator)).toMatchObject({
      OPERATOR_NAMESPACE: 'streamhub',
      OPERATOR_LEASE_NAME: 'sh-streamhub-operator',
    });
    const serviceAccounts = ofKind(objects, 'ServiceAccount').filter((account) => !isHook(account));
    expect(serviceAccounts.map(component).sort()).toEqual([...ALL_TARGETS].sort());
  });

  it("points the operator at billing's gRPC Service, which owns the plans, in either mode", async () => {
    const operatorEnv = async (mode: string) =>
      envOf(mainContainer(find(await renderChart({ set: { mode } }), 'Deployment', 'sh-streamhub-operator')));
    expect((await operatorEnv('split')).BILLING_GRPC_URL).toBe('http://sh-streamhub-billing:9090');
    expect((await operatorEnv('all')).BILLING_GRPC_URL).toBe('http://sh-streamhub-all:9090');
  });

  it('lets the HPA own the replica count of an autoscaled target', async () => {
    const objects = await renderChart({ set: { mode: 'split', 'targets.files.autoscaling.enabled': true } });
    expect(find(objects, 'Deployment', 'sh-streamhub-files').spec.replicas).toBeUndefined();
    expect(find(objects, 'Deployment', 'sh-streamhub-auth').spec.replicas).toBe(2);
  });

  it('rolls the pods when the configuration changes', async () => {
    const checksum = async (set: Record<string, unknown>) =>
      find(await renderChart({ set }), 'Deployment', 'sh-streamhub-all').spec.template.metadata.annotations[
        'checksum/config'
      ] as string;
    expect(await checksum({ 'config.logLevel': 'debug' })).not.toBe(
      await checksum({ 'config.logLevel': 'info' }),
    );
  });
});
