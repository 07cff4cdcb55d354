import { find, ofKind } from './support/objects';
import { renderChart, SERVICE_MONITOR_API } from './support/render-chart';

const SPLIT = 'charts/streamhub/ci/split.yaml';

describe('Ingress and ServiceMonitor', () => {
  it('renders no Ingress by default; NOTES point at port-forwarding instead', async () => {
    expect(ofKind(await renderChart(), 'Ingress')).toEqual([]);
  });

  it('routes the gateway, MinIO and the Temporal UI hosts to their Services over TLS', async () => {
    const ingress = find(
      await renderChart({ valuesFiles: [SPLIT], apiVersions: [SERVICE_MONITOR_API] }),
      'Ingress',
      'sh-streamhub',
    );
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([
      {
        hosts: ['api.streamhub.example', 's3.streamhub.example', 'temporal.streamhub.example'],
        secretName: 'streamhub-tls',
      },
    ]);
    const backends = ingress.spec.rules.map(
      (rule: {
        host: string;
        http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] };
      }) =>
        `${rule.host} -> ${rule.http.paths[0]?.backend.service.name}:${rule.http.paths[0]?.backend.service.port.name}`,
    );
    expect(backends).toEqual([
      'api.streamhub.example -> sh-streamhub-gateway:http',
      's3.streamhub.example -> sh-streamhub-minio:s3',
      'temporal.streamhub.example -> sh-streamhub-temporal:ui',
    ]);
  });

  it('signs presigned URLs for the MinIO Ingress host', async () => {
    const objects = await renderChart({ valuesFiles: [SPLIT], apiVersions: [SERVICE_MONITOR_API] });
    expect(find(objects, 'ConfigMap', 'sh-streamhub-config').data).toMatchObject({
      S3_ENDPOINT: 'http://sh-streamhub-minio:9000',
      S3_PUBLIC_ENDPOINT: 'https://s3.streamhub.example',
    });
  });

  it('routes the Ingress to the all-in-one Service in mode all', async () => {
    const ingress = find(
      await renderChart({ set: { 'ingress.enabled': true, 'ingress.gateway.host': 'drive.example' } }),
      'Ingress',
      'sh-streamhub',
    );
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('sh-streamhub-all');
    expect(ingress.spec.tls).toBeUndefined();
  });

  it('scrapes /metrics on the metrics port of every StreamHub Service when the Prometheus Operator API is served', async () => {
    const objects = await renderChart({ valuesFiles: [SPLIT], apiVersions: [SERVICE_MONITOR_API] });
    const monitor = find(objects, 'ServiceMonitor', 'sh-streamhub');
    expect(monitor.metadata.labels?.release).toBe('prometheus');
    expect(monitor.spec.endpoints).toEqual([
      { port: 'metrics', path: '/metrics', interval: '15s', scrapeTimeout: '10s' },
    ]);
    const selected = ofKind(objects, 'Service').filter((service) =>
      Object.entries(monitor.spec.selector.matchLabels as Record<string, string>).every(
        ([key, value]) => service.metadata.labels?.[key] === value,
      ),
    );
    expect(selected.map((service) => service.metadata.name).sort()).toEqual(
      ofKind(objects, 'Deployment')
        .map((deployment) => deployment.metadata.name)
        .sort(),
    );
  });

  it('trusts X-Forwarded-For only behind the Ingress, unless told otherwise', async () => {
    const trustProxy = async (set: Record<string, unknown>) =>
      find(await renderChart({ set }), 'ConfigMap', 'sh-streamhub-config').data.HTTP_TRUST_PROXY as string;
    const ingress = { 'ingress.enabled': true, 'ingress.gateway.host': 'drive.example' };
    expect(await trustProxy({})).toBe('false');
    expect(await trustProxy(ingress)).toBe('true');
    expect(await trustProxy({ ...ingress, 'config.httpTrustProxy': false })).toBe('false');
    expect(await trustProxy({ 'config.httpTrustProxy': true })).toBe('true');
  });
});
