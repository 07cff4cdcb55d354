import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

// A burst is this many failed logins for one email within the window (the
// window starts at the first failure). It is recorded once, when the count
// reaches the threshold: an attacker's thousandth try adds no audit entry.
export const LOGIN_FAILURE_BURST = { failures: 5, windowSeconds: 60 };

/**
 * Counts a failed login for the email; answers true exactly once per
 * window, on the failure that completes a burst. The key holds a hash, so
 * Redis never stores the address.
 */
export async function countLoginFailure(redis: Redis, email: string): Promise<boolean> {
  const key = `auth:login-failures:${createHash('sha256').update(email).digest('base64url')}`;
  const [[incrementError, count] = [], [expireError] = []] =
    (await redis.multi().incr(key).expire(key, LOGIN_FAILURE_BURST.windowSeconds, 'NX').exec()) ?? [];
  const failed = incrementError ?? expireError;
  if (failed) throw failed;
  return count === LOGIN_FAILURE_BURST.failures;
}
