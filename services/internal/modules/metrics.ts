import { collectDefaultMetrics, Registry } from 'prom-client';
import type { StreamHubModule } from './provided';

// One Prometheus registry per process: the process metrics, and whatever the
// modules it runs add (the gateway's request latency, the operator's
// reconciles). /metrics serves it, from the gateway or the probe server.
export const metricsModule: StreamHubModule = {
  config: [],
  async start() {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'streamhub_' });
    return { value: registry };
  },
};
