import { LocalServices } from '../grpc/local-services';
import type { StreamHubModule } from './provided';

// The services this process implements, for its own clients to call
// in-process (services/internal/grpc/local-services.ts). It opens no port: a
// gateway-only process has an empty one and calls everything over gRPC.
export const localServicesModule: StreamHubModule = {
  config: [],
  async start({ logger }) {
    return { value: new LocalServices(logger) };
  },
};
