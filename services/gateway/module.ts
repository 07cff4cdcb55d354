import { AdminService } from '../../proto/gen/admin/v1/admin_pb.js';
import { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { ChatService } from '../../proto/gen/chat/v1/chat_pb.js';
import { FilesService } from '../../proto/gen/files/v1/files_pb.js';
import { NotificationsService } from '../../proto/gen/notifications/v1/notifications_pb.js';
import { createAccessTokenVerifier } from '../internal/access-tokens';
import { cacheVerifiedTokens } from '../internal/verified-token-cache';
import { createHealthChecker, createServiceClient } from '../internal/grpc/client';
import { httpListener } from '../internal/http-listener';
import type { StreamHubModule } from '../internal/modules/provided';
import { createGatewayApp } from './app';
import { createListCursors } from './list-cursors';
import { metricsHandler } from './metrics-listener';
import { HttpMetrics } from './metrics';
import { startRevocationMirror } from './revocation-mirror';
import { ROUTES } from './routes';
import { startWebSocketGateway } from './ws/ws-gateway';

export const gatewayModule: StreamHubModule = {
  config: ['http', 'grpcClients', 'tokens', 'rateLimits', 'cursors', 'metricsListener', 'kafka', 'websocket'],
  async start({ config, use, logger }) {
    const http = config.get('http');
    const { authUrl, filesUrl, billingUrl, adminUrl, chatUrl, notificationsUrl } = config.get('grpcClients');
    const tokens = config.get('tokens');
    const health = use('health');
    // In-process when this process runs the service too (--target=all), else gRPC.
    const local = use('localServices');
    const localEvents = use('localEvents');
    const auth = createServiceClient(AuthService, authUrl, local);
    const authServing = createHealthChecker(authUrl, local);
    health.add('auth', () => authServing(AuthService));
    const verifier = cacheVerifiedTokens(
      createAccessTokenVerifier({
        issuer: tokens.issuer,
        audience: tokens.audience,
        fetchJwks: async () => JSON.parse((await auth.getJwks({})).jwksJson) as { keys: [] },
      }),
    );
    // Each gateway process (each cluster worker too) mirrors the revoked sessions.
    const revokedSessions = await startRevocationMirror({
      redis: use('redis'),
      logger,
      tokenLifetimeMs: tokens.accessTokenTtlSeconds * 1000,
    });
    health.add('session-revocations', async () => revokedSessions.isLive());
    const app = createGatewayApp({
      routes: ROUTES,
      trustProxy: http.trustProxy,
      services: {
        auth,
        files: createServiceClient(FilesService, filesUrl, local),
        billing: createServiceClient(BillingService, billingUrl, local),
        admin: createServiceClient(AdminService, adminUrl, local),
        chat: createServiceClient(ChatService, chatUrl, local),
        notifications: createServiceClient(NotificationsService, notificationsUrl, local),
        verifier,
        revokedSessions,
        redis: use('redis'),
        health,
        metrics: new HttpMetrics(use('metrics')),
        rateLimits: config.get('rateLimits'),
        cursors: createListCursors(config.get('cursors').signingKey),
        logger,
      },
    });
    // /v1/ws (services/gateway/ws): upgrades on the same HTTP server, fan-out from Kafka.
    const webSocket = await startWebSocketGateway({
      settings: config.get('websocket'),
      kafka: use('kafka'),
      kafkaConfig: config.get('kafka'),
      redis: use('redis'),
      chat: createServiceClient(ChatService, chatUrl, local),
      verifier,
      revoked: revokedSessions,
      registry: use('metrics'),
      logger,
      // What the fan-out reads, for this process's other modules (chat's channel guesses).
      heard: (event) => localEvents.heard(event),
    });
    // Accept traffic only after every module, including the gRPC server, is up.
    const listener = httpListener(app.callback(), http, logger, 'gateway listening', (server) =>
      webSocket.attach(server),
    );
    // Prometheus scrapes its own port: the API port is public, /metrics is not.
    const metricsListener = httpListener(
      metricsHandler(use('metrics')),
      config.get('metricsListener'),
      logger,
      'gateway metrics listening',
    );
    return {
      afterStart: async () => {
        await listener.afterStart?.();
        await metricsListener.afterStart?.();
      },
      stop: async () => {
        // Sockets first (1012: reconnect): the HTTP server's close waits for every connection.
        await webSocket.stop();
        await listener.stop?.();
        await metricsListener.stop?.();
        await revokedSessions.stop();
      },
    };
  },
};
