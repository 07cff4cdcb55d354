import { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import { FileAttachmentsService } from '../../proto/gen/files/v1/attachments_pb.js';
import type { Config } from '../internal/config';
import type { Database } from '../internal/db';
import { createServiceClient } from '../internal/grpc/client';
import type { LocalServices } from '../internal/grpc/local-services';
import type { Registry } from 'prom-client';
import { ChannelPostStates } from './channel-post-states';
import { ChannelTurns } from './channel-turns';
import { PostCallMetrics } from './post-call-metrics';
import type { ChatDeps } from './deps';

/** Auth and files are called in-process when this process runs them (`local`), else over gRPC. */
export function createChatDeps(options: {
  db: Database;
  config: Config;
  local?: LocalServices;
  metrics?: Registry;
}): ChatDeps {
  const clients = options.config.get('grpcClients');
  return {
    db: options.db,
    auth: createServiceClient(AuthService, clients.authUrl, options.local),
    fileAttachments: createServiceClient(FileAttachmentsService, clients.filesUrl, options.local),
    postStates: new ChannelPostStates(),
    postTurns: new ChannelTurns(),
    postCalls: new PostCallMetrics(options.metrics),
  };
}
