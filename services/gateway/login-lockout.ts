import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../internal/logger';

export interface LoginLockoutSettings {
  /** Attempts that never wait. */
  freeAttempts: number;
  /** The first lock; each further attempt doubles it, up to maxSeconds. */
  baseSeconds: number;
  maxSeconds: number;
  /** An account's attempts are forgotten after this long without one. */
  resetSeconds: number;
}

// One atomic step per attempt, before the password is checked: refused while
// the account's lock runs; otherwise counted, and an attempt past the free ones
// arms the next lock (base * 2^(n - free - 1), capped). Counting before the
// check, not after a failure, means parallel guesses cannot all slip in ahead
// of the first failure being written: exactly `free + 1` get through a burst.
const RESERVE_ATTEMPT = `
local lockTtl = redis.call('PTTL', KEYS[2])
if lockTtl > 0 then return lockTtl end
local attempts = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
local free = tonumber(ARGV[1])
if attempts > free then
  local lockSeconds = math.min(tonumber(ARGV[2]) * 2 ^ (attempts - free - 1), tonumber(ARGV[3]))
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(lockSeconds * 1000))
end
return 0
`;

/**
 * The per-account brake on password guessing (docs/login-protection.md). It
 * is keyed by a hash of the normalised email whether or not an account has
 * it, so a locked unknown address answers exactly as a locked account.
 */
export function loginLockout(redis: Redis, settings: LoginLockoutSettings, logger: Logger) {
  const keys = (email: string) => {
    const id = createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
    return [`login-attempts:${id}`, `login-lock:${id}`] as const;
  };
  return {
    /** Counts an attempt; answers the seconds to wait when the account is locked, else 0. */
    async reserveAttempt(email: string): Promise<number> {
      try {
        const lockMs = (await redis.eval(
          RESERVE_ATTEMPT,
          2,
          ...keys(email),
          settings.freeAttempts,
          settings.baseSeconds,
          settings.maxSeconds,
          settings.resetSeconds,
        )) as number;
        return Math.ceil(lockMs / 1000);
      } catch (error) {
        // As the per-address limiter: a Redis outage must not lock everyone out.
        logger.warn({ err: error }, 'login lockout unavailable, letting the attempt through');
        return 0;
      }
    },
    /** The password was right: the account's attempts start over. */
    async forgetAttempts(email: string): Promise<void> {
      try {
        await redis.del(...keys(email));
      } catch (error) {
        // The session is started; the account only keeps its count a while longer.
        logger.warn({ err: error }, 'could not reset the login attempts');
      }
    },
  };
}
