import type { Middleware } from 'koa';

/**
 * The router answers OPTIONS on a known path with 200, an empty text body
 * and `Allow`; there is nothing to send, so 204. An unknown path stays a 404
 * problem. Mounted ahead of the router so it sees the router's answer. The
 * gateway does no CORS, so no Access-Control-* headers.
 */
export function optionsNoContent(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.method === 'OPTIONS' && ctx.status === 200 && ctx.response.get('Allow')) {
      ctx.body = null;
      ctx.status = 204;
    }
  };
}
