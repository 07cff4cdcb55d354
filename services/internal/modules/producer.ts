import { EventProducer } from '../kafka/producer';
import type { StreamHubModule } from './provided';

export const producerModule: StreamHubModule = {
  config: ['kafka'],
  async start({ config, use }) {
    const producer = new EventProducer(use('kafka'), config.get('kafka').topicPrefix);
    await producer.connect();
    return { value: producer, stop: () => producer.disconnect() };
  },
};
