import type Koa from 'koa';
import { loadConfig } from '../../internal/config';
import { createLogger } from '../../internal/logger';
import { createGatewayApp } from '../app';
import { ROUTES } from '../routes';
import { fakeGatewayServices, type FakeBackends } from './fake-services';
import { inject, type InjectedResponse } from './inject';
import { createTestSigningKey, type AccessTokenOptions, type TestSigningKey } from './signing-key';

export interface TestGateway {
  app: Koa;
  signingKey: TestSigningKey;
  /** A valid access token for this user, signed by the key the fake auth service publishes. */
  tokenFor(userId: string, options?: Omit<AccessTokenOptions, 'userId'>): Promise<string>;
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<InjectedResponse<T>>;
}

/**
 * The real gateway app (every route, middleware, schema and presenter) in
 * front of fake services, with the default configuration. Requests run in
 * memory, so a route test needs no server at all.
 */
export async function createTestGateway(
  backends: FakeBackends = {},
  options: {
    env?: Record<string, string>;
    redis?: FakeRedisOption;
    revokedSessions?: Parameters<typeof fakeGatewayServices>[0]['revokedSessions'];
  } = {},
): Promise<TestGateway> {
  const config = loadConfig(options.env ?? {}, ['http', 'tokens', 'rateLimits']);
  const tokens = config.get('tokens');
  const signingKey = await createTestSigningKey(tokens);
  const logger = createLogger({ level: 'silent', format: 'json' });
  const app = createGatewayApp({
    routes: ROUTES,
    trustProxy: true,
    services: fakeGatewayServices({
      backends,
      signingKey,
      tokens,
      rateLimits: config.get('rateLimits'),
      logger,
      redis: options.redis,
      revokedSessions: options.revokedSessions,
    }),
  });
  return {
    app,
    signingKey,
    tokenFor: (userId, tokenOptions = {}) => signingKey.accessToken({ ...tokenOptions, userId }),
    request: (method, path, requestOptions = {}) =>
      inject(app, {
        method,
        path,
        body: requestOptions.body,
        rawBody: requestOptions.rawBody,
        headers: {
          ...(requestOptions.token ? { authorization: `Bearer ${requestOptions.token}` } : {}),
          ...requestOptions.headers,
        },
      }),
  };
}

type FakeRedisOption = Parameters<typeof fakeGatewayServices>[0]['redis'];
