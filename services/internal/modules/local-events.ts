import { LocalEvents } from '../kafka/local-events';
import type { StreamHubModule } from './provided';

// Events this process already reads from Kafka, for its other modules
// (services/internal/kafka/local-events.ts): the gateway's fan-out tells
// them, chat keeps its channel guesses fresh from them.
export const localEventsModule: StreamHubModule = {
  config: [],
  async start({ logger }) {
    return { value: new LocalEvents(logger) };
  },
};
