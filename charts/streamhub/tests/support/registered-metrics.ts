// Every metric StreamHub exports, read from a registry the code's own metrics
// classes registered into (not from a list kept by hand), so the dashboard and
// alert tests fail when a panel or rule names a metric nothing exports.
import { collectDefaultMetrics, Registry } from 'prom-client';
import { consumerLagGauge } from '../../../../services/internal/kafka/consumer-lag';
import { PostCallMetrics } from '../../../../services/chat/post-call-metrics';
import { UploadMetrics } from '../../../../services/files/upload-metrics';
import { HttpMetrics } from '../../../../services/gateway/metrics';
import { WsMetrics } from '../../../../services/gateway/ws/ws-metrics';
import { OperatorMetrics } from '../../../../services/operator/metrics';
import { ActivityMetrics } from '../../../../services/worker/activity-metrics';
import { WorkflowMetrics } from '../../../../services/worker/workflow-metrics';

/** The series names Prometheus stores: a histogram's _bucket, _count and _sum, everything else by its name. */
export async function registeredSeriesNames(): Promise<Set<string>> {
  const registry = new Registry();
  // As services/internal/modules/metrics.ts registers the process metrics.
  collectDefaultMetrics({ register: registry, prefix: 'streamhub_' });
  new HttpMetrics(registry);
  new WsMetrics(registry);
  new OperatorMetrics(registry).watch({ isLeader: () => true, queueDepths: () => ({}), platforms: () => [] });
  consumerLagGauge(registry);
  new UploadMetrics(registry);
  new ActivityMetrics(registry);
  new WorkflowMetrics(registry);
  new PostCallMetrics(registry);
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    // prom-client's typings declare a numeric enum; at run time the type is the exposition name.
    if (String(metric.type) === 'histogram')
      for (const suffix of ['_bucket', '_count', '_sum']) names.add(metric.name + suffix);
    else names.add(metric.name);
  }
  return names;
}

/** The StreamHub series a PromQL expression reads. */
export function seriesIn(expr: string): string[] {
  return [...new Set(expr.match(/\bstreamhub_[a-z0-9_]+\b/g) ?? [])];
}
