import { GuardedCache, READ_CACHE_NAMESPACE } from '../../internal/cache/guarded-cache';
import type { ActivityProvider } from '../../internal/modules/activity-provider';
import { createFilesDeps } from '../create-deps';
import { UploadMetrics } from '../upload-metrics';
import { createAccountDeletionActivities } from './account-deletion';
import { createTrashActivities } from './trash';
import { createUploadActivities } from './upload';

/** The files service owns the upload: and trash: processes and its part of account-deletion:; the worker runs their activities. */
export const filesActivityProvider: ActivityProvider = {
  service: 'files',
  config: ['files', 'grpcClients', 'temporal'],
  create({ config, use }) {
    const deps = createFilesDeps({
      db: use('database'),
      temporal: use('temporalClient'),
      config,
      local: use('localServices'),
      usageCache: new GuardedCache(use('redis'), READ_CACHE_NAMESPACE),
    });
    deps.uploadMetrics = new UploadMetrics(use('metrics'));
    return {
      ...createUploadActivities(deps),
      ...createTrashActivities(deps),
      ...createAccountDeletionActivities(deps),
    };
  },
};
