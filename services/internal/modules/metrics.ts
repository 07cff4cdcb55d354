import { collectDefaultMetrics, Registry } from 'prom-client';
import { ClusterWorkerRegistry, isClusterWorker } from '../process-cluster';
import type { StreamHubModule } from './provided';

// One Prometheus registry per process: the process metrics, and whatever the
// modules it runs add (the gateway's request latency, the operator's
// reconciles). /metrics serves it, from the gateway or the probe server. In
// a cluster worker (CLUSTER_WORKERS > 1) /metrics answers for every worker.
export const metricsModule: StreamHubModule = {
  config: [],
  async start() {
    const registry = isClusterWorker() ? new ClusterWorkerRegistry() : new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'streamhub_' });
    return { value: registry };
  },
};
