import { StorageService } from '../../proto/gen/storage/v1/storage_pb.js';
import type { ConfigSectionName } from '../internal/config';
import type { StreamHubModule } from '../internal/modules/provided';
import type { StorageConfigSections } from './deps';
import { createStorageHandlers } from './handlers';
import { ObjectStore } from './s3/object-store';

export const storageModule: StreamHubModule = {
  // services/internal/config.ts does not declare `s3` and `storage` yet;
  // deps.ts types them locally, hence these two casts.
  config: ['s3', 'storage'] as unknown as ConfigSectionName[],
  async start({ config, use }) {
    const sections = config as unknown as StorageConfigSections;
    const objects = new ObjectStore(sections.get('s3'));
    use('health').add('storage', () => objects.bucketExists());
    use('grpcServer').register(
      StorageService,
      createStorageHandlers({
        objects,
        multipartThresholdBytes: sections.get('storage').multipartThresholdBytes,
      }),
    );
    return {};
  },
};
