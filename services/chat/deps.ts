import type { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import type { FileAttachmentsService } from '../../proto/gen/files/v1/attachments_pb.js';
import type { Database } from '../internal/db';
import type { ServiceClient } from '../internal/grpc/client';
import type { ChannelPostStates } from './channel-post-states';
import type { ChannelTurns } from './channel-turns';
import type { PostCallMetrics } from './post-call-metrics';

/** What the chat commands need, built once by module.ts. */
export interface ChatDeps {
  db: Database;
  /** Whether a member id is an account. */
  auth: ServiceClient<typeof AuthService>;
  /** Attachments: the sender's access at post time, a member's download later. */
  fileAttachments: ServiceClient<typeof FileAttachmentsService>;
  /** The channels' states as last seen by this process's posts (a guess Postgres checks). */
  postStates: ChannelPostStates;
  /** This process's posts to a channel, one at a time (each builds on the seq the last one took). */
  postTurns: ChannelTurns;
  postCalls: PostCallMetrics;
}
