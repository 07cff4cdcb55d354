import type { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import type { ChatService } from '../../proto/gen/chat/v1/chat_pb.js';
import type { FilesService } from '../../proto/gen/files/v1/files_pb.js';
import type { Database } from '../internal/db';
import type { ServiceClient } from '../internal/grpc/client';

/** What the notifications commands and consumers need, built once by module.ts. */
export interface NotificationsDeps {
  db: Database;
  /** Membership, for the per-channel level routes. */
  chat: ServiceClient<typeof ChatService>;
  /** Who did it (a sharer's or sender's display name), for the texts. */
  auth: ServiceClient<typeof AuthService>;
  /** What it is about (a file's or folder's name), for the texts. */
  files: ServiceClient<typeof FilesService>;
}
