import { setInterval as every } from 'node:timers/promises';
import { FileAttachmentsService } from '../../proto/gen/files/v1/attachments_pb.js';
import { FilesService } from '../../proto/gen/files/v1/files_pb.js';
import type { StreamHubModule } from '../internal/modules/provided';
import { GuardedCache, READ_CACHE_NAMESPACE } from '../internal/cache/guarded-cache';
import { startModuleConsumers } from '../internal/modules/consumers';
import { startModuleOutboxRelay } from '../internal/modules/outbox-relay';
import { createFileAttachmentHandlers } from './attachments/handlers';
import { sweepStalledProcesses } from './commands/sweep-stalled-processes';
import { createGranteeAccountsConsumer } from './consumers/grantee-accounts';
import { createFilesDeps } from './create-deps';
import { createFilesHandlers } from './handlers';

const SWEEP_INTERVAL_MS = 60_000;

export const filesModule: StreamHubModule = {
  config: ['files', 'grpcClients', 'temporal', 'outbox', 'kafka'],
  async start(context) {
    const { config, use, logger } = context;
    const deps = createFilesDeps({
      db: use('database'),
      temporal: use('temporalClient'),
      config,
      local: use('localServices'),
      usageCache: new GuardedCache(use('redis'), READ_CACHE_NAMESPACE),
    });
    use('grpcServer').register(FilesService, createFilesHandlers(deps));
    // Files attached to chat messages: checked at post time, downloaded by members.
    use('grpcServer').register(FileAttachmentsService, createFileAttachmentHandlers(deps));
    const relay = startModuleOutboxRelay(context, 'files');
    // Who shares reach: accounts whose email auth verified (docs/authorization.md#shares).
    const consumers = await startModuleConsumers(context, [createGranteeAccountsConsumer(deps.db, logger)]);
    const stopSweeping = new AbortController();
    const sweeping = (async () => {
      for await (const _ of every(SWEEP_INTERVAL_MS, undefined, { signal: stopSweeping.signal })) {
        const repaired = await sweepStalledProcesses({ deps }).catch((error: unknown) => {
          logger.warn({ err: error }, 'sweep of stalled uploads and purges failed');
          return { uploads: 0, trash: 0 };
        });
        if (repaired.uploads + repaired.trash > 0) logger.info(repaired, 'restarted stalled workflows');
      }
    })().catch(() => undefined);
    return {
      stop: async () => {
        stopSweeping.abort();
        await sweeping;
        await relay.stop();
        await consumers.stop?.();
      },
    };
  },
};
