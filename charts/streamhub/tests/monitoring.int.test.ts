import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  applyToApiServer,
  chartCrds,
  createTestNamespace,
  installCrds,
  kubeConfigFromEnv,
  loadYamlFiles,
} from './support/api-server';
import { renderChart, SERVICE_MONITOR_API } from './support/render-chart';

const FIXTURES = path.join(__dirname, 'support', 'fixtures');

// The monitoring objects with every option on, applied (dry run, strict fields) to the real
// kube-apiserver: the dashboard ConfigMap as a core object, the PrometheusRule against a CRD
// stand-in that follows the Prometheus Operator's schema.
describe('the monitoring objects against the real kube-apiserver', () => {
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    kubeConfig = kubeConfigFromEnv();
    await installCrds(kubeConfig, [
      ...chartCrds(),
      ...loadYamlFiles([
        path.join(FIXTURES, 'servicemonitors.monitoring.coreos.com.yaml'),
        path.join(FIXTURES, 'prometheusrules.monitoring.coreos.com.yaml'),
      ]),
    ]);
  });

  it('accepts the split set with the dashboard, the alerts and the tracing endpoint on', async () => {
    const namespace = await createTestNamespace(kubeConfig, 'chart-monitoring');
    const objects = await renderChart({
      valuesFiles: ['charts/streamhub/ci/split.yaml'],
      namespace,
      includeCrds: true,
      set: {
        'monitoring.grafanaDashboard.enabled': true,
        'monitoring.prometheusRule.enabled': true,
        'tracing.otlpEndpoint': 'http://otel-collector.monitoring:4318',
      },
      apiVersions: [SERVICE_MONITOR_API, 'monitoring.coreos.com/v1/PrometheusRule'],
    });
    expect(objects.map((object) => object.kind)).toEqual(
      expect.arrayContaining(['PrometheusRule', 'ConfigMap']),
    );
    expect(await applyToApiServer(kubeConfig, objects, { namespace })).toEqual([]);
  });
});
