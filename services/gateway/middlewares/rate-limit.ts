import type { Redis } from 'ioredis';
import type { Context } from 'koa';
import { AppError } from '../../internal/errors';
import type { Logger } from '../../internal/logger';

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

/**
 * A fixed-window counter per client address and route group, shared by all
 * gateway replicas through Redis. If Redis is down the request goes through
 * (logged): an outage of the limiter must not lock every user out.
 */
export async function enforceRateLimit(
  ctx: Context,
  options: {
    redis: Redis;
    group: string;
    limit: RateLimit;
    logger: Logger;
    /** Whose bucket this is; the client address unless said otherwise (a public link's token hash). */
    subject?: string;
  },
): Promise<void> {
  const { redis, group, limit } = options;
  const window = Math.floor(Date.now() / 1000 / limit.windowSeconds);
  const key = `ratelimit:${group}:${options.subject ?? ctx.ip}:${window}`;
  let count: number;
  try {
    const results = await redis.multi().incr(key).expire(key, limit.windowSeconds, 'NX').exec();
    count = Number(results?.[0]?.[1] ?? 0);
  } catch (error) {
    options.logger.warn({ err: error, group }, 'rate limiter unavailable, letting the request through');
    return;
  }
  const resetSeconds = (window + 1) * limit.windowSeconds - Math.floor(Date.now() / 1000);
  ctx.set('RateLimit-Limit', String(limit.max));
  ctx.set('RateLimit-Remaining', String(Math.max(0, limit.max - count)));
  ctx.set('RateLimit-Reset', String(resetSeconds));
  if (count > limit.max) {
    ctx.set('Retry-After', String(resetSeconds));
    throw new AppError('rate_limited', `too many requests; try again in ${resetSeconds} s`);
  }
}
