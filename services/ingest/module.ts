import { FilesService } from '../../proto/gen/files/v1/files_pb.js';
import { createServiceClient } from '../internal/grpc/client';
import { startModuleConsumers } from '../internal/modules/consumers';
import type { StreamHubModule } from '../internal/modules/provided';
import { createObjectCreatedConsumer } from './consumers/object-created';

/** Turns storage notifications into workflow signals (and strays into deletions); one consumer per event kind, listed here. */
export const ingestModule: StreamHubModule = {
  config: ['kafka', 'bucket', 'grpcClients'],
  async start(context) {
    const { use, logger, config } = context;
    // In-process when this process runs the files service too (--target=all), else gRPC.
    const files = createServiceClient(FilesService, config.get('grpcClients').filesUrl, use('localServices'));
    return startModuleConsumers(context, [
      createObjectCreatedConsumer(use('temporalClient'), files, logger, config.get('bucket').name),
    ]);
  },
};
