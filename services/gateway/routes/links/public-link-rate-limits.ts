import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { enforceRateLimit } from '../../middlewares/rate-limit';
import type { GatewayServices } from '../../services';

const MINUTE = 60;

/**
 * Two buckets per minute: one per client address (someone trying many
 * tokens) and one per link (one link hammered from many addresses). The
 * link's bucket is keyed on a digest: a raw token must not sit in Redis.
 */
export async function enforcePublicLinkRateLimits(
  koa: Context,
  token: string,
  services: Pick<GatewayServices, 'redis' | 'rateLimits' | 'logger'>,
): Promise<void> {
  const { redis, rateLimits, logger } = services;
  await enforceRateLimit(koa, {
    redis,
    logger,
    group: 'public-link-ip',
    limit: { max: rateLimits.publicLinkPerIp, windowSeconds: MINUTE },
  });
  await enforceRateLimit(koa, {
    redis,
    logger,
    group: 'public-link-token',
    subject: createHash('sha256').update(token, 'utf8').digest('hex'),
    limit: { max: rateLimits.publicLinkPerToken, windowSeconds: MINUTE },
  });
}
