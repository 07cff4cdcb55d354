import type { Context } from 'koa';
import type { GatewayServices } from '../services';
import { enforceRateLimit } from './rate-limit';

/** What a route creates, for the per-user limits on creations: links count with shares. */
export type WriteLimit = 'uploads' | 'folders' | 'shares';

/**
 * Creations per signed-in user and minute (WRITE_RATE_*_PER_MINUTE): one
 * account must not flood the metadata tables and the storage behind them,
 * whichever addresses it comes from, so the bucket is the user, not the IP.
 */
export async function enforceWriteRateLimit(
  ctx: Context,
  kind: WriteLimit,
  userId: string,
  services: Pick<GatewayServices, 'redis' | 'rateLimits' | 'logger'>,
): Promise<void> {
  await enforceRateLimit(ctx, {
    redis: services.redis,
    logger: services.logger,
    group: `write-${kind}`,
    subject: `user:${userId}`,
    limit: { max: services.rateLimits.writesPerMinute[kind], windowSeconds: 60 },
  });
}
