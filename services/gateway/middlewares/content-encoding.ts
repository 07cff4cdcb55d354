import type { Middleware } from 'koa';
import { AppError } from '../../internal/errors';

/**
 * The API takes uncompressed bodies only. Inflating gzip, deflate or br would
 * let a small body grow past the 1 MiB limit before anything is checked (and
 * a broken stream made the body parser fail with a 500); no client of this
 * API needs to compress a JSON body of at most 1 MiB. Ahead of
 * authentication, as the body parser is.
 */
export function refuseEncodedBodies(): Middleware {
  return async (ctx, next) => {
    const encoding = ctx.get('content-encoding').trim().toLowerCase();
    if (encoding && encoding !== 'identity' && hasBody(ctx.req.headers))
      throw new AppError(
        'unsupported_encoding',
        `the body is ${encoding}-encoded; send it uncompressed (Content-Encoding: identity)`,
      );
    await next();
  };
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}
