import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { OtpPurpose } from './purposes';

// One live code per (email, purpose): a hash {hash, attempts} under a key
// made from both, so a new request simply overwrites the old code. The email
// is hashed in the key so Redis holds no address in clear.
export function otpCodeKey(purpose: OtpPurpose, email: string): string {
  return `otp:code:${purpose}:${createHash('sha256').update(email).digest('hex')}`;
}

function requestCountKey(email: string, window: number): string {
  return `otp:requests:${createHash('sha256').update(email).digest('hex')}:${window}`;
}

// Counts the attempt before the caller compares, atomically, so parallel
// guesses cannot get more than `max` comparisons; the last allowed attempt
// removes the code whatever its outcome. Returns [stored hash (hex), 1 if
// already removed], or nil when there is no live code.
const TAKE_ATTEMPT = `
local stored = redis.call('HGET', KEYS[1], 'hash')
if not stored then return nil end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts >= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return {stored, 1}
end
return {stored, 0}
`;

// Removes the code only if it is still the one that matched: of two parallel
// right answers one wins, and a code replaced meanwhile is left alone.
const CONSUME_IF_UNCHANGED = `
if redis.call('HGET', KEYS[1], 'hash') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export const otpStore = {
  async put(redis: Redis, props: { purpose: OtpPurpose; email: string; hash: Buffer; ttlSeconds: number }) {
    const key = otpCodeKey(props.purpose, props.email);
    await redis
      .multi()
      .del(key)
      .hset(key, { hash: props.hash.toString('hex'), attempts: 0 })
      .expire(key, props.ttlSeconds)
      .exec();
  },

  /** The stored hash for one more attempt, or undefined when no code is live. */
  async takeAttempt(
    redis: Redis,
    props: { purpose: OtpPurpose; email: string; maxAttempts: number },
  ): Promise<{ hash: Buffer; consumed: boolean } | undefined> {
    const result = (await redis.eval(
      TAKE_ATTEMPT,
      1,
      otpCodeKey(props.purpose, props.email),
      props.maxAttempts,
    )) as [string, number] | null;
    if (!result) return undefined;
    return { hash: Buffer.from(result[0], 'hex'), consumed: result[1] === 1 };
  },

  /** True if this call removed the code (it was still the matched one). */
  async consume(redis: Redis, props: { purpose: OtpPurpose; email: string; hash: Buffer }): Promise<boolean> {
    const removed = await redis.eval(
      CONSUME_IF_UNCHANGED,
      1,
      otpCodeKey(props.purpose, props.email),
      props.hash.toString('hex'),
    );
    return removed === 1;
  },

  /** Counts one code request for the email in a fixed window; returns the count so far. */
  async countRequest(redis: Redis, props: { email: string; windowSeconds: number }): Promise<number> {
    const window = Math.floor(Date.now() / 1000 / props.windowSeconds);
    const key = requestCountKey(props.email, window);
    const results = await redis.multi().incr(key).expire(key, props.windowSeconds, 'NX').exec();
    return Number(results?.[0]?.[1] ?? 0);
  },
};
