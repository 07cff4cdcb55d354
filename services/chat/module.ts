import { ChatService } from '../../proto/gen/chat/v1/chat_pb.js';
import { startModuleConsumers } from '../internal/modules/consumers';
import { startModuleOutboxRelay } from '../internal/modules/outbox-relay';
import type { StreamHubModule } from '../internal/modules/provided';
import { createAccountDeletedConsumer } from './consumers/account-deleted';
import { createChatDeps } from './create-deps';
import { createChatHandlers } from './handlers';
import { refreshPostStates } from './refresh-post-states';

// Channels and messages (docs/messaging.md): the gRPC service, the relay
// that sends the chat outbox to chat.events, and the consumer that forgets
// deleted accounts.
export const chatModule: StreamHubModule = {
  config: ['grpcClients', 'outbox', 'kafka'],
  async start(context) {
    const { config, use, logger } = context;
    const deps = createChatDeps({
      db: use('database'),
      config,
      local: use('localServices'),
      metrics: use('metrics'),
    });
    // Another process's post, heard by this process's gateway: the next post here builds on it.
    const stopRefreshing = use('localEvents').listen((event) => refreshPostStates(deps.postStates, event));
    use('grpcServer').register(ChatService, createChatHandlers(deps));
    // Ordered: a channel's events reach chat.events in seq order with any number of chat processes.
    const relay = startModuleOutboxRelay(context, 'chat', { ordered: true });
    const consumers = await startModuleConsumers(context, [createAccountDeletedConsumer(deps, logger)]);
    return {
      stop: async () => {
        stopRefreshing();
        await consumers.stop?.();
        await relay.stop();
      },
    };
  },
};
