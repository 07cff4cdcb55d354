import type { ConfigSection } from '../internal/config';
import type { RateLimit } from './middlewares/rate-limit';
import type { RouteDefinition } from './route';

/** The per-client-address budget of a route group (docs/api.md#rate-limits), each its own bucket. */
export function rateLimitOf(
  group: NonNullable<RouteDefinition['rateLimit']>,
  limits: ConfigSection<'rateLimits'>,
): RateLimit {
  switch (group) {
    case 'otp':
      return { max: limits.otpMax, windowSeconds: limits.otpWindowSeconds };
    case 'session':
      return { max: limits.sessionMax, windowSeconds: limits.sessionWindowSeconds };
    case 'auth':
      return { max: limits.authMax, windowSeconds: limits.authWindowSeconds };
  }
}
