import fs from 'node:fs';
import path from 'node:path';
import { PLATFORM_CONDITIONS } from '../../../services/operator/controllers/platform/generate';
import { find, ofKind, type KubeObject } from './support/objects';
import { registeredSeriesNames, seriesIn } from './support/registered-metrics';
import { CHART_DIR, renderChart, renderChartFailure } from './support/render-chart';

const PROMETHEUS_RULE_API = 'monitoring.coreos.com/v1/PrometheusRule';
const DASHBOARD_FILE = path.join(CHART_DIR, 'dashboards', 'streamhub.json');

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
}

const dashboardPanels = (json: string): Panel[] =>
  (JSON.parse(json) as { panels: Panel[] }).panels.filter((panel) => panel.type !== 'row');

const ruleExprs = (rule: KubeObject): Array<{ alert: string; expr: string }> =>
  (rule.spec.groups as Array<{ rules: Array<{ alert: string; expr: string }> }>).flatMap(
    (group) => group.rules,
  );

describe('monitoring: Grafana dashboard, PrometheusRule, tracing settings', () => {
  let registered: Set<string>;
  beforeAll(async () => {
    registered = await registeredSeriesNames();
  });

  it('renders neither the dashboard nor the rules by default', async () => {
    const objects = await renderChart();
    expect(ofKind(objects, 'PrometheusRule')).toEqual([]);
    expect(ofKind(objects, 'ConfigMap').map((map) => map.metadata.name)).not.toContain(
      'sh-streamhub-dashboard',
    );
  });

  it('ships the dashboard file in a ConfigMap the Grafana sidecar picks up', async () => {
    const map = find(
      await renderChart({ set: { 'monitoring.grafanaDashboard.enabled': true } }),
      'ConfigMap',
      'sh-streamhub-dashboard',
    );
    expect(map.metadata.labels?.grafana_dashboard).toBe('1');
    expect(JSON.parse(map.data['streamhub.json'] as string)).toEqual(
      JSON.parse(fs.readFileSync(DASHBOARD_FILE, 'utf8')),
    );
  });

  it('has a panel for each view the issue asks for, each reading only metrics StreamHub registers', () => {
    const panels = dashboardPanels(fs.readFileSync(DASHBOARD_FILE, 'utf8'));
    const metricsOf = (title: string) =>
      panels.find((panel) => panel.title === title)?.targets?.flatMap((target) => seriesIn(target.expr));
    expect(metricsOf('Request rate per route')).toEqual(['streamhub_http_request_duration_seconds_count']);
    expect(metricsOf('5xx ratio per route')).toEqual(['streamhub_http_request_duration_seconds_count']);
    expect(metricsOf('p99 latency per route')).toEqual(['streamhub_http_request_duration_seconds_bucket']);
    expect(metricsOf('Workflow failures')).toEqual(['streamhub_temporal_workflows_total']);
    expect(metricsOf('Activity failures')).toEqual(['streamhub_temporal_activities_total']);
    expect(metricsOf('Consumer lag')).toEqual(['streamhub_kafka_consumer_lag']);
    expect(new Set(metricsOf('Upload confirmation latency'))).toEqual(
      new Set(['streamhub_upload_confirmation_seconds_bucket']),
    );
    expect(metricsOf('StreamHubPlatform conditions')).toEqual(['streamhub_platform_condition']);
    expect(metricsOf('Open sockets')).toEqual(['streamhub_ws_connections']);
    expect(new Set(metricsOf('Fan-out events and frames'))).toEqual(
      new Set(['streamhub_ws_events_received_total', 'streamhub_ws_frames_sent_total']),
    );
    expect(metricsOf('Sockets closed by code')).toEqual(['streamhub_ws_closed_total']);
    expect(metricsOf('Chat post calls by guess')).toEqual(['streamhub_chat_post_calls_total']);

    for (const panel of panels) {
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const { expr } of panel.targets ?? []) {
        const series = seriesIn(expr);
        expect({ panel: panel.title, expr, reads: series.length > 0 }).toEqual({
          panel: panel.title,
          expr,
          reads: true,
        });
        expect({ panel: panel.title, unknown: series.filter((name) => !registered.has(name)) }).toEqual({
          panel: panel.title,
          unknown: [],
        });
      }
    }
  });

  it('fills its namespace variable from a metric every StreamHub process exports', () => {
    const { templating } = JSON.parse(fs.readFileSync(DASHBOARD_FILE, 'utf8')) as {
      templating: { list: Array<{ name: string; definition?: string }> };
    };
    const namespace = templating.list.find((variable) => variable.name === 'namespace');
    const series = seriesIn(namespace?.definition ?? '');
    expect(series).toEqual(['streamhub_process_start_time_seconds']);
    expect(registered.has(series[0]!)).toBe(true);
  });

  it('refuses a PrometheusRule when the cluster does not serve the Prometheus Operator API', async () => {
    expect(await renderChartFailure({ set: { 'monitoring.prometheusRule.enabled': true } })).toContain(
      'monitoring.prometheusRule.enabled needs the Prometheus Operator',
    );
  });

  describe('the PrometheusRule', () => {
    let rule: KubeObject;
    beforeAll(async () => {
      rule = find(
        await renderChart({
          set: {
            'monitoring.prometheusRule.enabled': true,
            'monitoring.prometheusRule.labels': { release: 'prometheus' },
            'monitoring.prometheusRule.errorRatioPercent': 2.5,
            'monitoring.prometheusRule.consumerLagMessages': 250,
            'monitoring.prometheusRule.uploadConfirmationP99Seconds': 90,
            'monitoring.prometheusRule.conditionFor': '20m',
          },
          apiVersions: [PROMETHEUS_RULE_API],
        }),
        'PrometheusRule',
        'sh-streamhub',
      );
    });

    it('alerts only on metrics StreamHub registers, within the release namespace', () => {
      for (const { alert, expr } of ruleExprs(rule)) {
        const series = seriesIn(expr);
        expect({
          alert,
          reads: series.length > 0,
          unknown: series.filter((name) => !registered.has(name)),
        }).toEqual({
          alert,
          reads: true,
          unknown: [],
        });
        expect({ alert, scoped: expr.includes('namespace="streamhub"') }).toEqual({ alert, scoped: true });
      }
      expect(rule.metadata.labels?.release).toBe('prometheus');
    });

    it('takes its thresholds from values', () => {
      const expr = (alert: string) => ruleExprs(rule).find((entry) => entry.alert === alert)?.expr ?? '';
      expect(expr('StreamHubHighErrorRatio')).toMatch(/status=~"5\.\."/);
      expect(expr('StreamHubHighErrorRatio')).toMatch(/> 2\.5$/);
      expect(expr('StreamHubKafkaConsumerLag')).toMatch(/> 250$/);
      expect(expr('StreamHubSlowUploadConfirmation')).toMatch(/histogram_quantile\(0\.99,[\s\S]*> 90$/);
      expect(expr('StreamHubOperatorReconcileErrors')).toContain('outcome="error"');
    });

    it('has one alert per StreamHubPlatform condition the operator writes, firing after conditionFor', () => {
      const conditionAlerts = ruleExprs(rule).filter(({ expr }) =>
        expr.includes('streamhub_platform_condition'),
      );
      const types = conditionAlerts.map(({ expr }) => /type="([A-Za-z]+)"/.exec(expr)?.[1]);
      expect(types.sort()).toEqual([...Object.values(PLATFORM_CONDITIONS), 'Ready'].sort());
      for (const alert of conditionAlerts) {
        expect(alert.expr).toContain('status="True"');
        expect(alert).toMatchObject({ for: '20m' });
      }
    });
  });

  it('passes the OTLP endpoint and a per-Deployment service name to every StreamHub container only when set', async () => {
    const envOf = (objects: KubeObject[]) =>
      ofKind(objects, 'Deployment')
        .filter((deployment) => deployment.metadata.labels?.['app.kubernetes.io/part-of'] === 'streamhub')
        .filter((deployment) => !/-(postgres|redis|kafka|minio|temporal)$/.test(deployment.metadata.name))
        .map((deployment) => {
          const env = (deployment.spec.template.spec.containers[0].env ?? []) as Array<{
            name: string;
            value?: string;
          }>;
          return {
            name: deployment.metadata.name,
            otel: env.filter((entry) => entry.name.startsWith('OTEL_')),
          };
        });
    const off = envOf(await renderChart({ set: { mode: 'split' } }));
    expect(off.length).toBeGreaterThan(5);
    expect(off.every((deployment) => deployment.otel.length === 0)).toBe(true);

    const on = envOf(
      await renderChart({
        set: { mode: 'split', 'tracing.otlpEndpoint': 'http://otel-collector.monitoring:4318' },
      }),
    );
    for (const deployment of on)
      expect(deployment.otel).toEqual([
        { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.monitoring:4318' },
        { name: 'OTEL_SERVICE_NAME', value: `streamhub-${deployment.name.replace(/^sh-streamhub-/, '')}` },
      ]);
  });
});
