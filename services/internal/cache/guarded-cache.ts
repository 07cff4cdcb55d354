import type { Redis } from 'ioredis';
import type { Transaction } from '../db';

// A read cache in Redis that never serves a value past the commit that
// changed it, on any replica (docs/decisions.md, "Read caches").
//
// Every cached value names the scopes it was read under (a user's usage, the
// plans table, ...). Each scope has a generation counter and a count of the
// writes under way. A writer bumps the generation and the count before its
// transaction may commit, and bumps the generation again and lowers the
// count after it has ended. A reader uses a value only when no
// write is counted and every generation equals the one stored with it; it
// stores what it loaded only if, at that moment, still no write is counted and
// no generation moved since it looked (one Lua script, so nothing interleaves).
//
// So a value loaded before a commit cannot be stored after it, and once a
// write has begun nobody reads the cache for its scopes until it has ended.
// A writer that dies between the two steps leaves its count until
// MARKER_TTL_SECONDS: reads bypass the cache meanwhile, which is slow, never
// stale. The one limit: a transaction must end within MARKER_TTL_SECONDS.

/** The keys every service's read cache lives under (after REDIS_KEY_PREFIX). */
export const READ_CACHE_NAMESPACE = 'cache';
/** Longer than any transaction that changes cached data may run. */
export const MARKER_TTL_SECONDS = 300;
/** Bounds the memory of users who stopped coming; correctness never depends on it. */
export const VALUE_TTL_SECONDS = 3600;

const POPULATE = `
local count = tonumber(ARGV[1])
for i = 1, count do
  if tonumber(redis.call('GET', KEYS[1 + count + i]) or '0') > 0 then return 0 end
  local current = redis.call('GET', KEYS[1 + i])
  if (current or '0') ~= ARGV[1 + i] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2 + count], 'EX', ARGV[3 + count])
return 1`;

// One writer fewer; the key goes when none is left (a DECR could leave -1 after an expiry).
const END_WRITE = `
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
return 1`;

interface Stored<T> {
  generations: string[];
  value: T;
}

export interface CacheEntry<T> {
  /** The key of the value, e.g. `billing:user-plan:<userId>`. */
  key: string;
  /** What the value depends on; a write to any of them invalidates it. */
  scopes: string[];
  /** Reads the truth (the database) on a miss. */
  load: () => Promise<T>;
}

/** What a service needs of a read cache: GuardedCache, or NO_CACHE where nothing may be cached. */
export interface ReadCache {
  read<T>(entry: CacheEntry<T>): Promise<T>;
  guardTransaction(trx: Transaction, scopes: string[]): Promise<void>;
  write<T>(scopes: string[], change: () => Promise<T>): Promise<T>;
}

/**
 * Always reads the database: for commands run inside a test's transaction
 * (whose rows no cache may keep) and tools with no Redis.
 */
export const NO_CACHE: ReadCache = {
  read: (entry) => entry.load(),
  guardTransaction: async () => undefined,
  write: (_scopes, change) => change(),
};

export class GuardedCache implements ReadCache {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  /** The cached value, or a fresh one from `load` (stored only when no write raced it). */
  async read<T>(entry: CacheEntry<T>): Promise<T> {
    const keys = this.keysOf(entry);
    let snapshot: Array<string | null>;
    try {
      snapshot = await this.redis.mget(keys.value, ...keys.generations, ...keys.markers);
    } catch {
      return entry.load(); // Redis away: the database answers, nothing is stored.
    }
    const count = entry.scopes.length;
    const generations = snapshot.slice(1, 1 + count).map((generation) => generation ?? '0');
    const writing = snapshot.slice(1 + count).some((writers) => Number(writers ?? 0) > 0);
    const cached = snapshot[0] ? (JSON.parse(snapshot[0]) as Stored<T>) : undefined;
    if (!writing && cached && sameGenerations(cached.generations, generations)) return cached.value;
    const value = await entry.load();
    if (!writing) {
      const stored: Stored<T> = { generations, value };
      await this.redis
        .eval(
          POPULATE,
          1 + 2 * count,
          keys.value,
          ...keys.generations,
          ...keys.markers,
          count,
          ...generations,
          JSON.stringify(stored),
          VALUE_TTL_SECONDS,
        )
        .catch(() => undefined);
    }
    return value;
  }

  /**
   * Guards a transaction that changes these scopes: marks them before it
   * goes on (throws, so the transaction rolls back, when Redis cannot be
   * told) and settles them once it has committed or rolled back.
   */
  async guardTransaction(trx: Transaction, scopes: string[]): Promise<void> {
    await this.beginWrite(scopes);
    const settle = () => this.endWrite(scopes).catch(() => undefined);
    // A savepoint's end commits nothing: wait for the outermost transaction,
    // whose executionPromise settles once COMMIT or ROLLBACK has been answered.
    let outermost = trx;
    while (outermost.parentTransaction) outermost = outermost.parentTransaction;
    void outermost.executionPromise.then(settle, settle);
  }

  /** Runs a write outside a caller's transaction (its own, or a single statement) under the guard. */
  async write<T>(scopes: string[], change: () => Promise<T>): Promise<T> {
    await this.beginWrite(scopes);
    try {
      return await change();
    } finally {
      await this.endWrite(scopes).catch(() => undefined);
    }
  }

  async beginWrite(scopes: string[]): Promise<void> {
    const multi = this.redis.multi();
    for (const scope of unique(scopes)) {
      const marker = this.markerKey(scope);
      multi.incr(this.generationKey(scope)).incr(marker).expire(marker, MARKER_TTL_SECONDS);
    }
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('the cache guard did not run');
  }

  async endWrite(scopes: string[]): Promise<void> {
    const multi = this.redis.multi();
    for (const scope of unique(scopes)) {
      multi.incr(this.generationKey(scope)).eval(END_WRITE, 1, this.markerKey(scope));
    }
    await multi.exec();
  }

  private keysOf(entry: CacheEntry<unknown>) {
    return {
      value: `${this.namespace}:value:${entry.key}`,
      generations: entry.scopes.map((scope) => this.generationKey(scope)),
      markers: entry.scopes.map((scope) => this.markerKey(scope)),
    };
  }

  private generationKey(scope: string): string {
    return `${this.namespace}:generation:${scope}`;
  }

  private markerKey(scope: string): string {
    return `${this.namespace}:writing:${scope}`;
  }
}

function sameGenerations(stored: string[], current: string[]): boolean {
  return stored.length === current.length && stored.every((generation, i) => generation === current[i]);
}

function unique(scopes: string[]): string[] {
  return [...new Set(scopes)];
}
