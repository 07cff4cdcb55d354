import Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { AppError } from '../internal/errors';
import { authenticate } from './middlewares/authenticate';
import { enforceRateLimit } from './middlewares/rate-limit';
import { enforceWriteRateLimit } from './middlewares/write-rate-limit';
import { openListCursor, sealNextCursor } from './list-cursors';
import { rateLimitOf } from './rate-limit-groups';
import { nulCharacterProblems } from './nul-characters';
import { koaPath, type RouteDefinition } from './route';
import type { GatewayServices } from './services';

/** Mounts every route as `rate limit -> auth -> role -> write limit -> validate -> open cursor -> handler -> seal cursor`. */
export function buildRouter(routes: RouteDefinition[], services: GatewayServices): Router {
  const router = new Router();
  for (const route of routes) {
    router[route.method](koaPath(route.path), async (ctx: Context) => {
      ctx.state.routePattern = route.path;
      ctx.state.route = route;
      if (route.rateLimit) {
        await enforceRateLimit(ctx, {
          redis: services.redis,
          group: route.rateLimit,
          limit: rateLimitOf(route.rateLimit, services.rateLimits),
          logger: services.logger,
        });
      }
      const user =
        route.auth || route.requiredRole
          ? await authenticate(ctx, services.verifier, services.revokedSessions)
          : undefined;
      if (route.requiredRole && user?.role !== route.requiredRole)
        throw new AppError('forbidden', `this route needs the ${route.requiredRole} role`);
      if (route.writeLimit && user) await enforceWriteRateLimit(ctx, route.writeLimit, user.userId, services);
      const params = parse('path', route.params, ctx.params);
      const query = openListCursor(route, parse('query', route.query, ctx.query), services.cursors);
      const body = parse('body', route.body, (ctx.request as { body?: unknown }).body);
      await route.handler({ koa: ctx, body, query, params, user: user!, services });
      sealNextCursor(route, ctx, services.cursors);
    });
  }
  return router;
}

function parse(where: 'path' | 'query' | 'body', schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const nulProblems = nulCharacterProblems(where, value);
  const result =
    nulProblems.length > 0 ? undefined : schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result?.success) return result.data;
  const fields =
    result?.error.issues.map((issue) => ({
      field: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })) ?? nulProblems;
  const summary = fields.map((field) => `${field.field}: ${field.message}`).join('; ');
  throw new AppError('invalid_argument', `the request is invalid: ${summary}`, fields);
}
