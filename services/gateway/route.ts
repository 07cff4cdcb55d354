import type { Context } from 'koa';
import type { z } from 'zod';
import type { AccessTokenClaims, Role } from '../internal/access-tokens';
import type { ErrorCode } from '../internal/error-codes';
import type { WriteLimit } from './middlewares/write-rate-limit';
import type { GatewayServices } from './services';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json when a schema is given. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface HandlerContext<Body, Query, Params> {
  koa: Context;
  body: Body;
  query: Query;
  params: Params;
  /** Set on routes with `auth: true`. */
  user: AccessTokenClaims;
  services: GatewayServices;
}

/**
 * One endpoint: the router validates with these schemas and the OpenAPI
 * document is generated from the very same objects, so the two cannot drift.
 */
export interface RouteDefinition<Body = unknown, Query = unknown, Params = unknown> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI form, e.g. /v1/files/{id}. */
  path: string;
  summary: string;
  tags: string[];
  auth: boolean;
  /**
   * The role the caller's access token must carry (RBAC: one declared rule
   * per route, checked by the router before validation). Implies `auth`.
   * Absent: any signed-in user.
   */
  requiredRole?: Role;
  /**
   * A per-client-address limit: `auth` for password routes, `otp` (stricter) for one-time codes,
   * `session` for refresh and logout (failed logins behind an address must not end its sessions).
   */
  rateLimit?: 'auth' | 'otp' | 'session';
  /** A per-user limit on what the route creates (middlewares/write-rate-limit.ts); needs `auth`. */
  writeLimit?: WriteLimit;
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  params?: z.ZodType<Params>;
  /** Success answers; an error status may be listed to give it a better description. */
  responses: Record<number, ResponseSpec>;
  /**
   * The error codes the handler can answer with (docs/errors.md). Codes the
   * route's shape implies (validation, auth, rate limit, body, internal,
   * unavailable) are added by routeErrorCodes; the OpenAPI document lists all.
   */
  errors?: ErrorCode[];
  handler(context: HandlerContext<Body, Query, Params>): Promise<void>;
}

export function defineRoute<Body = undefined, Query = undefined, Params = undefined>(
  route: RouteDefinition<Body, Query, Params>,
): RouteDefinition {
  return route;
}

/** /v1/files/{id} -> /v1/files/:id */
export function koaPath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, ':$1');
}
