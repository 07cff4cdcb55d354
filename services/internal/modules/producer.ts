import { EventProducer } from '../kafka/producer';
import type { StreamHubModule } from './provided';

export const producerModule: StreamHubModule = {
  config: [],
  async start({ use }) {
    const producer = new EventProducer(use('kafka'));
    await producer.connect();
    return { value: producer, stop: () => producer.disconnect() };
  },
};
