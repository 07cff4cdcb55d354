import type { Redis } from 'ioredis';
import type { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import type { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import type { FilesService } from '../../proto/gen/files/v1/files_pb.js';
import type { AccessTokenVerifier } from '../internal/access-tokens';
import type { ConfigSection } from '../internal/config';
import type { ServiceClient } from '../internal/grpc/client';
import type { HealthRegistry } from '../internal/health';
import type { Logger } from '../internal/logger';
import type { HttpMetrics } from './metrics';

/** Everything route handlers may call; the gateway holds no business state of its own. */
export interface GatewayServices {
  auth: ServiceClient<typeof AuthService>;
  files: ServiceClient<typeof FilesService>;
  billing: ServiceClient<typeof BillingService>;
  verifier: AccessTokenVerifier;
  redis: Redis;
  health: HealthRegistry;
  metrics: HttpMetrics;
  rateLimits: ConfigSection<'rateLimits'>;
  logger: Logger;
  /** Built once from ROUTES when the app is assembled. */
  openApiDocument: Record<string, unknown>;
}
