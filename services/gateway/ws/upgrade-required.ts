import type { Middleware } from 'koa';
import { AppError } from '../../internal/errors';
import { WS_PATH } from './upgrade-request';

/**
 * A plain HTTP request to /v1/ws (no `Upgrade: websocket`): upgrades never
 * reach Koa (the HTTP server's 'upgrade' event takes them), so whatever does
 * arrive here is a client that forgot to upgrade. It gets a 426 naming the
 * protocol to switch to, rather than a 404 that says the path does not exist.
 */
export function upgradeRequired(): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== WS_PATH) {
      await next();
      return;
    }
    ctx.set('Upgrade', 'websocket');
    throw new AppError(
      'upgrade_required',
      `${WS_PATH} serves WebSocket upgrades only: open it as a WebSocket`,
    );
  };
}
