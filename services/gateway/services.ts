import type { Redis } from 'ioredis';
import type { AdminService } from '../../proto/gen/admin/v1/admin_pb.js';
import type { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import type { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import type { ChatService } from '../../proto/gen/chat/v1/chat_pb.js';
import type { FilesService } from '../../proto/gen/files/v1/files_pb.js';
import type { NotificationsService } from '../../proto/gen/notifications/v1/notifications_pb.js';
import type { AccessTokenVerifier } from '../internal/access-tokens';
import type { ConfigSection } from '../internal/config';
import type { ServiceClient } from '../internal/grpc/client';
import type { HealthRegistry } from '../internal/health';
import type { Logger } from '../internal/logger';
import type { ListCursors } from './list-cursors';
import type { HttpMetrics } from './metrics';
import type { RevokedSessions } from './revocation-mirror';

/** Everything route handlers may call; the gateway holds no business state of its own. */
export interface GatewayServices {
  auth: ServiceClient<typeof AuthService>;
  files: ServiceClient<typeof FilesService>;
  billing: ServiceClient<typeof BillingService>;
  admin: ServiceClient<typeof AdminService>;
  chat: ServiceClient<typeof ChatService>;
  notifications: ServiceClient<typeof NotificationsService>;
  verifier: AccessTokenVerifier;
  /** Sessions revoked by disabling a user or changing their role (docs/admin.md). */
  revokedSessions: RevokedSessions;
  redis: Redis;
  health: HealthRegistry;
  metrics: HttpMetrics;
  rateLimits: ConfigSection<'rateLimits'>;
  /** Seals and opens every list's cursor (list-cursors.ts). */
  cursors: ListCursors;
  logger: Logger;
  /** Built once from ROUTES when the app is assembled. */
  openApiDocument: Record<string, unknown>;
}
