import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { unredactedChild, type Logger } from '../../internal/logger';
import type { HttpMetrics } from '../metrics';

const INCOMING_ID = /^[\w.:-]{1,128}$/;
// A public link's token is its credential: the log keeps that a link was opened, never which.
const PUBLIC_LINK_TOKEN = /^(\/v1\/public\/)[^/]+/i;

/** The request path as the access log may keep it. */
export function loggablePath(path: string): string {
  return path.replace(PUBLIC_LINK_TOKEN, '$1[redacted]');
}

/** Request id (kept from X-Request-Id when sane), one access-log line and the latency histogram. */
export function requestContextMiddleware(logger: Logger, metrics: HttpMetrics): Middleware {
  // The access line holds ids, a method, a route and numbers, never a secret.
  const accessLog = unredactedChild(logger);
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = INCOMING_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx.state.routePattern as string | undefined) ?? 'unmatched';
      metrics.observe(ctx.method, route, ctx.status, seconds);
      if (accessLog.isLevelEnabled('info'))
        accessLog.info(
          {
            requestId,
            method: ctx.method,
            route,
            path: loggablePath(ctx.path),
            status: ctx.status,
            ms: Math.round(seconds * 1000),
            userId: ctx.state.userId as string | undefined,
          },
          'request',
        );
    }
  };
}
