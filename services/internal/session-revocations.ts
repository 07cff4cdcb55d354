import type { Redis } from 'ioredis';

// The contract between the auth service, which revokes a user's sessions
// (disable, role change), and every gateway process, which refuses the
// access tokens revoked (docs/admin.md). One sorted set: member = user id,
// score = the cutoff in epoch ms. An access token of that user that expires
// at or before the cutoff was issued before the revocation and is refused.
// The cutoff is the revocation time plus the access-token lifetime, so it
// is also when the entry stops mattering: every token it refuses has
// expired by then, and entries past it are dropped.
const KEY = 'session-revocations';
const CHANNEL = 'session-revocations';

/** The pub/sub channel; Redis prefixes keys but not channels, so the prefix is added here. */
export function revocationChannel(redis: Redis): string {
  return `${redis.options.keyPrefix ?? ''}${CHANNEL}`;
}

export interface Revocation {
  userId: string;
  cutoffMs: number;
}

export function encodeRevocation(revocation: Revocation): string {
  return `${revocation.userId} ${revocation.cutoffMs}`;
}

export function decodeRevocation(message: string): Revocation | undefined {
  const [userId, cutoff] = message.split(' ');
  const cutoffMs = Number(cutoff);
  return userId && Number.isFinite(cutoffMs) ? { userId, cutoffMs } : undefined;
}

/**
 * Records the revocation (a later cutoff never shrinks), drops expired
 * entries, and tells every subscribed gateway at once.
 */
export async function revokeSessions(redis: Redis, revocation: Revocation, now = Date.now()): Promise<void> {
  const result = await redis
    .multi()
    .zadd(KEY, 'GT', revocation.cutoffMs, revocation.userId)
    .zremrangebyscore(KEY, '-inf', now)
    .publish(revocationChannel(redis), encodeRevocation(revocation))
    .exec();
  const failed = result?.find(([error]) => error);
  if (!result || failed) throw failed?.[0] ?? new Error('the session revocation was not recorded');
}

/** Every revocation still in force: what a gateway loads when it (re)subscribes. */
export async function activeRevocations(redis: Redis, now = Date.now()): Promise<Revocation[]> {
  const flat = await redis.zrangebyscore(KEY, `(${now}`, '+inf', 'WITHSCORES');
  const revocations: Revocation[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2)
    revocations.push({ userId: flat[index]!, cutoffMs: Number(flat[index + 1]) });
  return revocations;
}
