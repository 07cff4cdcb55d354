import { setInterval as every } from 'node:timers/promises';
import { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import { ChatService } from '../../proto/gen/chat/v1/chat_pb.js';
import { FilesService } from '../../proto/gen/files/v1/files_pb.js';
import { NotificationsService } from '../../proto/gen/notifications/v1/notifications_pb.js';
import { createServiceClient } from '../internal/grpc/client';
import { startModuleConsumers } from '../internal/modules/consumers';
import { startModuleOutboxRelay } from '../internal/modules/outbox-relay';
import type { StreamHubModule } from '../internal/modules/provided';
import { pruneProcessedEvents } from './commands/prune-processed-events';
import { createAccountDeletedConsumer } from './consumers/account-deleted';
import { createBillingEventsConsumer } from './consumers/billing-events';
import { createChatEventsConsumer } from './consumers/chat-events';
import { createFilesEventsConsumer } from './consumers/files-events';
import type { NotificationsDeps } from './deps';
import { createNotificationsHandlers } from './handlers';

const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export const notificationsModule: StreamHubModule = {
  config: ['kafka', 'outbox', 'grpcClients'],
  async start(context) {
    const { config, use, logger } = context;
    const clients = config.get('grpcClients');
    const local = use('localServices');
    const deps: NotificationsDeps = {
      db: use('database'),
      chat: createServiceClient(ChatService, clients.chatUrl, local),
      auth: createServiceClient(AuthService, clients.authUrl, local),
      files: createServiceClient(FilesService, clients.filesUrl, local),
    };
    use('grpcServer').register(NotificationsService, createNotificationsHandlers(deps));
    // notification.created leaves through the outbox, in the transaction that stored it.
    const relay = startModuleOutboxRelay(context, 'notifications');
    // One consumer group per source topic: a slow one (chat) holds up no other.
    const consumers = await startModuleConsumers(context, [
      createFilesEventsConsumer(deps, logger),
      createBillingEventsConsumer(deps, logger),
      createChatEventsConsumer(deps, logger),
      createAccountDeletedConsumer(deps, logger),
    ]);
    // Event claims outlive every possible redelivery by a day, then go (any replica may prune).
    const stopPruning = new AbortController();
    const pruning = (async () => {
      for await (const _ of every(PRUNE_INTERVAL_MS, undefined, { signal: stopPruning.signal })) {
        await pruneProcessedEvents({ deps }).catch((error: unknown) =>
          logger.warn({ err: error }, 'pruning processed events failed'),
        );
      }
    })().catch(() => undefined);
    return {
      stop: async () => {
        stopPruning.abort();
        await pruning;
        await consumers.stop?.();
        await relay.stop();
      },
    };
  },
};
