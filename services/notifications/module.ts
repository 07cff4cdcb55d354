import { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import { ChatService } from '../../proto/gen/chat/v1/chat_pb.js';
import { FilesService } from '../../proto/gen/files/v1/files_pb.js';
import { NotificationsService } from '../../proto/gen/notifications/v1/notifications_pb.js';
import { createServiceClient } from '../internal/grpc/client';
import { startModuleConsumers } from '../internal/modules/consumers';
import { startModuleOutboxRelay } from '../internal/modules/outbox-relay';
import type { StreamHubModule } from '../internal/modules/provided';
import { createAccountDeletedConsumer } from './consumers/account-deleted';
import { createBillingEventsConsumer } from './consumers/billing-events';
import { createChatEventsConsumer } from './consumers/chat-events';
import { createFilesEventsConsumer } from './consumers/files-events';
import type { NotificationsDeps } from './deps';
import { createNotificationsHandlers } from './handlers';

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
    return {
      stop: async () => {
        await consumers.stop?.();
        await relay.stop();
      },
    };
  },
};
