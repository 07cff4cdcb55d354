import type { Redis } from 'ioredis';

// One sorted set per user: member = a socket ("<gateway id>:<n>"), score =
// when it lapses unless a heartbeat refreshes it. The key itself expires
// with its newest socket, so a gateway that died leaves nothing behind.
const key = (userId: string) => `ws-presence:${userId}`;

/** Online/offline per user across every gateway, in Redis. */
export class PresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a socket; true when the user had none anywhere (came online). */
  async connected(userId: string, socketId: string): Promise<boolean> {
    const now = this.now();
    const result = await this.redis
      .multi()
      .zremrangebyscore(key(userId), '-inf', now)
      .zcard(key(userId))
      .zadd(key(userId), now + this.ttlMs, socketId)
      .pexpire(key(userId), this.ttlMs)
      .exec();
    return Number(result?.[1]?.[1] ?? 1) === 0;
  }

  /** Forgets a socket; true when it was the user's last anywhere (went offline). */
  async disconnected(userId: string, socketId: string): Promise<boolean> {
    const result = await this.redis
      .multi()
      .zrem(key(userId), socketId)
      .zremrangebyscore(key(userId), '-inf', this.now())
      .zcard(key(userId))
      .exec();
    return Number(result?.[2]?.[1] ?? 1) === 0;
  }

  /** The heartbeat: one pipeline for every live socket of this process. */
  async refresh(sockets: Iterable<{ userId: string; socketId: string }>): Promise<void> {
    const until = this.now() + this.ttlMs;
    const pipeline = this.redis.pipeline();
    let count = 0;
    for (const { userId, socketId } of sockets) {
      pipeline.zadd(key(userId), until, socketId).pexpire(key(userId), this.ttlMs);
      count++;
    }
    if (count > 0) await pipeline.exec();
  }

  /** Which of these users have a live socket somewhere. */
  async online(userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const now = this.now();
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) pipeline.zcount(key(userId), `(${now}`, '+inf');
    const counts = (await pipeline.exec()) ?? [];
    return userIds.filter((_, index) => Number(counts[index]?.[1] ?? 0) > 0);
  }
}
