import type { Middleware } from 'koa';
import { DOCS_INLINE_SCRIPT_HASH } from '../routes/ops/docs-page';

// The API answers JSON, never a page to frame or a resource to embed: the
// policy allows nothing. The docs page (Swagger UI, routes/ops/docs-page.ts)
// loads its own scripts, styles and images from /docs/assets, fetches
// /openapi.json, and draws inline SVG and data: images; its one inline
// script is allowed by its hash, and React sets inline styles.
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
const DOCS_POLICY = [
  "default-src 'none'",
  `script-src 'self' ${DOCS_INLINE_SCRIPT_HASH}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
const DOCS_PAGE = /^\/docs\/?$/i;

/**
 * Headers on every answer, errors included (it runs ahead of the error
 * middleware). Every answer is someone's own data or carries tokens, so no
 * cache may keep it, unless its route chose a lifetime for public data
 * (JWKS, docs assets). Public links set the same no-store and no-referrer
 * themselves, ahead of this, so their errors keep them too.
 */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Content-Security-Policy', DOCS_PAGE.test(ctx.path) ? DOCS_POLICY : API_POLICY);
    try {
      await next();
    } finally {
      if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store');
    }
  };
}
