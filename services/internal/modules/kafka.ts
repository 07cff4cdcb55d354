import { createKafka } from '../kafka/client';
import type { StreamHubModule } from './provided';

export const kafkaModule: StreamHubModule = {
  config: ['kafka'],
  async start({ config, logger }) {
    return { value: createKafka(config.get('kafka'), logger) };
  },
};
