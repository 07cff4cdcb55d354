import { ChatService } from '../../proto/gen/chat/v1/chat_pb.js';
import { startModuleOutboxRelay } from '../internal/modules/outbox-relay';
import type { StreamHubModule } from '../internal/modules/provided';
import { createChatDeps } from './create-deps';
import { createChatHandlers } from './handlers';

// Channels and messages (docs/messaging.md): the gRPC service, and the relay
// that sends the chat outbox to chat.events.
export const chatModule: StreamHubModule = {
  config: ['grpcClients', 'outbox', 'kafka'],
  async start(context) {
    const { config, use } = context;
    const deps = createChatDeps({ db: use('database'), config, local: use('localServices') });
    use('grpcServer').register(ChatService, createChatHandlers(deps));
    // Ordered: a channel's events reach chat.events in seq order with any number of chat processes.
    return startModuleOutboxRelay(context, 'chat', { ordered: true });
  },
};
