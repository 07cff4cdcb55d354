import type { Redis } from 'ioredis';
import type { AccessTokenClaims } from '../internal/access-tokens';
import type { Logger } from '../internal/logger';
import {
  decodeRevocation,
  revocationChannel,
  revocationsSince,
  sessionRevocationSubject,
  type Revocation,
} from '../internal/session-revocations';
import { issuedAtOfTokenId } from '../internal/token-ids';

/** Answers, in memory, whether an access token was revoked (a disabled user, a changed role). */
export interface RevokedSessions {
  isRevoked(claims: Pick<AccessTokenClaims, 'userId' | 'tokenId' | 'expiresAt' | 'sessionId'>): boolean;
}

export const NO_REVOKED_SESSIONS: RevokedSessions = { isRevoked: () => false };

export interface RevocationMirror extends RevokedSessions {
  /** False while the subscription is down: revocations may be missed until it is back. */
  isLive(): boolean;
  /**
   * Called with each subject (a user id, or one login's) whose revocation
   * time moved: a long-lived WebSocket must close at once, not at its next request.
   */
  onRevocation(listener: (subject: string) => void): void;
  stop(): Promise<void>;
}

/**
 * Keeps this process's copy of the revoked sessions (services/internal/
 * session-revocations.ts): a subscriber connection receives each revocation
 * as it is made, and every (re)connect reloads the whole set, so a message
 * missed while disconnected is not lost. A request then costs one Map
 * lookup, no network round trip (docs/admin.md says why).
 */
export async function startRevocationMirror(options: {
  redis: Redis;
  logger: Logger;
  /** The access-token lifetime: an older revocation refuses no live token. */
  tokenLifetimeMs: number;
  now?: () => number;
}): Promise<RevocationMirror> {
  const { redis, logger, tokenLifetimeMs } = options;
  const now = options.now ?? Date.now;
  const revokedAt = new Map<string, number>();
  const channel = revocationChannel(redis);
  let live = false;
  const listeners: Array<(subject: string) => void> = [];

  const merge = ({ userId, revokedAtMs }: Revocation) => {
    if (revokedAtMs <= (revokedAt.get(userId) ?? -Infinity)) return;
    revokedAt.set(userId, revokedAtMs);
    for (const listener of listeners) listener(userId);
  };
  const reload = async () => {
    const since = now() - tokenLifetimeMs;
    for (const revocation of await revocationsSince(redis, since)) merge(revocation);
    for (const [userId, at] of revokedAt) if (at < since) revokedAt.delete(userId);
  };

  // Its own connection: a subscribed connection can run no other command.
  // It queues while reconnecting, so the resubscription is not dropped.
  const subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  subscriber.on('error', (error: Error) => logger.warn({ err: error }, 'revocation subscriber error'));
  subscriber.on('message', (from: string, message: string) => {
    const revocation = from === channel ? decodeRevocation(message) : undefined;
    if (revocation) merge(revocation);
  });
  subscriber.on('close', () => {
    live = false;
  });
  // ioredis resubscribes by itself after a reconnect; the reload catches up
  // on what was published in between. Subscribed first, loaded second: a
  // revocation made during the load arrives as a message.
  subscriber.on('ready', () => {
    reload().then(
      () => {
        live = true;
      },
      (error: unknown) => logger.error({ err: error }, 'reloading session revocations failed'),
    );
  });
  if (subscriber.status === 'wait') await subscriber.connect(); // lazyConnect, as the redis module makes it
  await subscriber.subscribe(channel);
  await reload();
  live = true;

  return {
    isRevoked({ userId, tokenId, expiresAt, sessionId }) {
      // A token id that is not a UUIDv7 (none of ours) is dated, conservatively, by its expiry.
      const issuedAt = issuedAtOfTokenId(tokenId) ?? expiresAt.getTime() - tokenLifetimeMs;
      const revokedSince = (subject: string) => {
        const at = revokedAt.get(subject);
        if (at === undefined) return false;
        if (at < now() - tokenLifetimeMs) {
          revokedAt.delete(subject); // every token it refused has expired
          return false;
        }
        return issuedAt <= at;
      };
      // The user's sessions (disabled, role changed), or this one login (logged out, token reused).
      return (
        revokedSince(userId) || (sessionId !== undefined && revokedSince(sessionRevocationSubject(sessionId)))
      );
    },
    isLive: () => live,
    onRevocation(listener) {
      listeners.push(listener);
    },
    async stop() {
      await subscriber.quit();
    },
  };
}
