import { GrpcServer } from '../grpc/server';
import type { StreamHubModule } from './provided';

export const grpcServerModule: StreamHubModule = {
  config: ['grpcServer'],
  async start({ config, logger, use }) {
    const server = new GrpcServer({ ...config.get('grpcServer'), logger, local: use('localServices') });
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
