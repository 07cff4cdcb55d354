import { z } from 'zod';
import { httpStatusOf, type ErrorCode } from '../internal/error-codes';
import type { RouteDefinition } from './route';

/**
 * Every code a route can answer with: those its shape implies (validation,
 * authentication, rate limit, a JSON body, a failure on our side) plus those
 * it declares for its handler. The OpenAPI document lists them per status.
 */
export function routeErrorCodes(route: RouteDefinition): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (route.body || route.query || route.params) codes.add('invalid_argument');
  if (route.body) {
    codes.add('body_too_large');
    codes.add('unsupported_media_type');
    codes.add('unsupported_encoding');
  }
  // The router opens every list cursor (list-cursors.ts).
  if (route.query instanceof z.ZodObject && 'cursor' in route.query.shape) codes.add('invalid_cursor');
  if (route.auth || route.requiredRole) codes.add('unauthenticated');
  if (route.requiredRole) codes.add('forbidden');
  if (route.rateLimit || route.writeLimit) codes.add('rate_limited');
  for (const code of route.errors ?? []) codes.add(code);
  codes.add('internal');
  // A route that documents its own 503 body (readiness) answers that instead.
  if (!route.responses[503]) codes.add('unavailable');
  return [...codes];
}

/** The route's error codes grouped by HTTP status, statuses ascending. */
export function routeErrorCodesByStatus(route: RouteDefinition): Array<[number, ErrorCode[]]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrorCodes(route)) {
    const status = httpStatusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return [...byStatus.entries()].sort(([a], [b]) => a - b);
}
