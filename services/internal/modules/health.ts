import { HealthRegistry } from '../health';
import { everyWorkerStartedCheck, isClusterWorker } from '../process-cluster';
import type { StreamHubModule } from './provided';

export const healthModule: StreamHubModule = {
  config: [],
  async start() {
    const health = new HealthRegistry();
    if (isClusterWorker()) health.add('cluster', everyWorkerStartedCheck());
    return { value: health };
  },
};
