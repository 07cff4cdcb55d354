import type { DescService } from '@bufbuild/protobuf';
import { createClient, createRouterTransport, type ServiceImpl } from '@connectrpc/connect';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { AdminService } from '../../../proto/gen/admin/v1/admin_pb.js';
import { AuthService } from '../../../proto/gen/auth/v1/auth_pb.js';
import { BillingService } from '../../../proto/gen/billing/v1/billing_pb.js';
import { ChatService } from '../../../proto/gen/chat/v1/chat_pb.js';
import { FilesService } from '../../../proto/gen/files/v1/files_pb.js';
import { NotificationsService } from '../../../proto/gen/notifications/v1/notifications_pb.js';
import { createAccessTokenVerifier } from '../../internal/access-tokens';
import { loadConfig, type ConfigSection } from '../../internal/config';
import type { ServiceClient } from '../../internal/grpc/client';
import { serverErrorInterceptor } from '../../internal/grpc/errors';
import { HealthRegistry } from '../../internal/health';
import type { Logger } from '../../internal/logger';
import { createListCursors } from '../list-cursors';
import { HttpMetrics } from '../metrics';
import { NO_REVOKED_SESSIONS, type RevokedSessions } from '../revocation-mirror';
import type { GatewayServices } from '../services';
import { fakeRedis } from './fake-redis';
import type { TestSigningKey } from './signing-key';

/**
 * In-memory stand-ins for the services behind the gateway: each test writes
 * only the RPCs it needs, as a service would (throw an AppError to answer
 * with an error). Calls still go through a real Connect client, the
 * protobuf encoding and the services' own error interceptor, so errors
 * reach the gateway exactly as they do over the network. An RPC a test did
 * not write answers UNIMPLEMENTED.
 */
export interface FakeBackends {
  auth?: Partial<ServiceImpl<typeof AuthService>>;
  files?: Partial<ServiceImpl<typeof FilesService>>;
  billing?: Partial<ServiceImpl<typeof BillingService>>;
  admin?: Partial<ServiceImpl<typeof AdminService>>;
  chat?: Partial<ServiceImpl<typeof ChatService>>;
  notifications?: Partial<ServiceImpl<typeof NotificationsService>>;
}

export function fakeServiceClient<S extends DescService>(
  service: S,
  implementation: Partial<ServiceImpl<S>>,
  logger: Logger,
): ServiceClient<S> {
  const transport = createRouterTransport((router) => router.service(service, implementation), {
    router: { interceptors: [serverErrorInterceptor(logger)] },
  });
  return createClient(service, transport);
}

export function fakeGatewayServices(options: {
  backends: FakeBackends;
  signingKey: TestSigningKey;
  tokens: ConfigSection<'tokens'>;
  rateLimits: ConfigSection<'rateLimits'>;
  logger: Logger;
  redis?: Redis;
  revokedSessions?: RevokedSessions;
}): Omit<GatewayServices, 'openApiDocument'> {
  const { backends, logger } = options;
  // The auth service publishes the test key, as the real one publishes its signing keys.
  const auth = fakeServiceClient(
    AuthService,
    { getJwks: () => ({ jwksJson: JSON.stringify(options.signingKey.jwks) }), ...backends.auth },
    logger,
  );
  return {
    auth,
    files: fakeServiceClient(FilesService, backends.files ?? {}, logger),
    billing: fakeServiceClient(BillingService, backends.billing ?? {}, logger),
    admin: fakeServiceClient(AdminService, backends.admin ?? {}, logger),
    chat: fakeServiceClient(ChatService, backends.chat ?? {}, logger),
    notifications: fakeServiceClient(NotificationsService, backends.notifications ?? {}, logger),
    // The gateway's own verification path (services/gateway/module.ts): the JWKS comes from auth over gRPC.
    verifier: createAccessTokenVerifier({
      issuer: options.tokens.issuer,
      audience: options.tokens.audience,
      fetchJwks: async () => JSON.parse((await auth.getJwks({})).jwksJson) as { keys: [] },
    }),
    redis: options.redis ?? fakeRedis(),
    revokedSessions: options.revokedSessions ?? NO_REVOKED_SESSIONS,
    health: new HealthRegistry(),
    metrics: new HttpMetrics(new Registry()),
    rateLimits: options.rateLimits,
    // The key a configuration without CURSOR_SIGNING_KEY gets (development).
    cursors: createListCursors(loadConfig({}, ['cursors']).get('cursors').signingKey),
    logger,
  };
}
