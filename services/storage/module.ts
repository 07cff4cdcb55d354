import { StorageService } from '../../proto/gen/storage/v1/storage_pb.js';
import type { StreamHubModule } from '../internal/modules/provided';
import { createStorageHandlers } from './handlers';
import { ObjectStore } from './s3/object-store';

export const storageModule: StreamHubModule = {
  config: ['s3', 'storage'],
  async start({ config, use }) {
    const objects = new ObjectStore(config.get('s3'));
    use('health').add('storage', () => objects.bucketExists());
    use('grpcServer').register(
      StorageService,
      createStorageHandlers({
        objects,
        multipartThresholdBytes: config.get('storage').multipartThresholdBytes,
      }),
    );
    return {};
  },
};
