import { GrpcServer } from '../grpc/server';
import type { StreamHubModule } from './provided';

export const grpcServerModule: StreamHubModule = {
  config: ['grpcServer'],
  async start({ config, logger }) {
    const server = new GrpcServer({ ...config.get('grpcServer'), logger });
    return {
      value: server,
      // Listen only once every service module has registered its handlers.
      afterStart: async () => {
        await server.start();
      },
      stop: () => server.stop(),
    };
  },
};
