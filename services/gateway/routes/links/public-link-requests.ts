import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';

// The router is case-insensitive, so this is too.
const PUBLIC_LINK_PATH = /^\/v1\/public\//i;

/**
 * For /v1/public/* only, ahead of routing and validation so that errors get
 * it too: a link's answer is for its holder alone (no cache may keep it) and
 * neither the presigned URL nor the page holding the token may leak to the
 * next site through Referer. These routes also take the password as an HTML
 * form field (a plain <form method="post"> works without script); no other
 * route accepts form bodies.
 */
export function publicLinkRequests(): Middleware {
  const formBody = bodyParser({ enableTypes: ['form'], formLimit: '4kb', encoding: 'utf-8' });
  return async (ctx, next) => {
    if (!PUBLIC_LINK_PATH.test(ctx.path)) {
      await next();
      return;
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    // Other types are left to the app's JSON parser (a parsed body is never parsed again).
    if (ctx.is('application/x-www-form-urlencoded')) await formBody(ctx, next);
    else await next();
  };
}
