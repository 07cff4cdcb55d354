import type { Redis } from 'ioredis';

// The contract between the auth service, which revokes a user's sessions
// (disable, role change), and every gateway process, which refuses the
// access tokens revoked (docs/admin.md). One sorted set: member = user id,
// score = when the sessions were revoked (epoch ms). An access token of that
// user issued at or before that time (its jti is a UUIDv7 carrying the
// issue time, services/internal/token-ids.ts) is refused. Once an access
// token's lifetime has passed since the revocation, every token it refuses
// has expired: the entry is dropped.
// A single login is revoked the same way (logout, refresh-token reuse): its
// member is `session:<session id>` (the `sid` claim, the refresh-token family),
// which no user id (a UUID) can equal.
const KEY = 'session-revocations';
const CHANNEL = 'session-revocations';

/** The pub/sub channel; Redis prefixes keys but not channels, so the prefix is added here. */
export function revocationChannel(redis: Redis): string {
  return `${redis.options.keyPrefix ?? ''}${CHANNEL}`;
}

export interface Revocation {
  userId: string;
  revokedAtMs: number;
}

export function encodeRevocation(revocation: Revocation): string {
  return `${revocation.userId} ${revocation.revokedAtMs}`;
}

export function decodeRevocation(message: string): Revocation | undefined {
  const [userId, revokedAt] = message.split(' ');
  const revokedAtMs = Number(revokedAt);
  return userId && Number.isFinite(revokedAtMs) ? { userId, revokedAtMs } : undefined;
}

/**
 * Records the revocation (a later one never moves back), drops entries
 * older than a token's lifetime, and tells every subscribed gateway at once.
 */
export async function revokeSessions(
  redis: Redis,
  revocation: Revocation,
  tokenLifetimeMs: number,
  now = Date.now(),
): Promise<void> {
  const result = await redis
    .multi()
    .zadd(KEY, 'GT', revocation.revokedAtMs, revocation.userId)
    .zremrangebyscore(KEY, '-inf', `(${now - tokenLifetimeMs}`)
    .publish(revocationChannel(redis), encodeRevocation(revocation))
    .exec();
  const failed = result?.find(([error]) => error);
  if (!result || failed) throw failed?.[0] ?? new Error('the session revocation was not recorded');
}

/** The member that stands for one login (the access token's `sid`) rather than a whole user. */
export function sessionRevocationSubject(sessionId: string): string {
  return `session:${sessionId}`;
}

/** Revokes the access tokens of one login issued up to now, on every gateway within a pub/sub hop. */
export async function revokeSession(redis: Redis, sessionId: string, tokenLifetimeMs: number): Promise<void> {
  const now = Date.now();
  await revokeSessions(
    redis,
    { userId: sessionRevocationSubject(sessionId), revokedAtMs: now },
    tokenLifetimeMs,
    now,
  );
}

/** The revocations made since `sinceMs`: what a gateway loads when it (re)subscribes. */
export async function revocationsSince(redis: Redis, sinceMs: number): Promise<Revocation[]> {
  const flat = await redis.zrangebyscore(KEY, sinceMs, '+inf', 'WITHSCORES');
  const revocations: Revocation[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2)
    revocations.push({ userId: flat[index]!, revokedAtMs: Number(flat[index + 1]) });
  return revocations;
}
