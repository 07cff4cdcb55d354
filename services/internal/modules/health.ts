import { HealthRegistry } from '../health';
import type { StreamHubModule } from './provided';

export const healthModule: StreamHubModule = {
  config: [],
  async start() {
    return { value: new HealthRegistry() };
  },
};
