import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import knex from 'knex';
import { freePort } from '../testing/free-port';
import { requireTestEnv } from '../testing/require-env';
import { GuardedCache, type CacheEntry } from './guarded-cache';

// The protocol against the real Redis and Postgres of the test run. Two
// GuardedCache objects on two connections stand for two replicas: the cache
// keeps nothing in process, so what one writes the other sees.
describe('GuardedCache', () => {
  const env = requireTestEnv(['REDIS_URL', 'DATABASE_URL']);
  const keyPrefix = process.env.REDIS_KEY_PREFIX ?? '';
  const connect = () => new Redis(env.REDIS_URL, { keyPrefix, maxRetriesPerRequest: 1 });
  const redisA = connect();
  const redisB = connect();
  const db = knex({ client: 'pg', connection: env.DATABASE_URL, pool: { min: 0, max: 4 } });
  const namespace = `cache-test-${randomUUID()}`;
  const replicaA = new GuardedCache(redisA, namespace);
  const replicaB = new GuardedCache(redisB, namespace);
  const table = `guarded_cache_test_${randomUUID().replaceAll('-', '')}`;

  beforeAll(() =>
    db.schema.createTable(table, (t) => {
      t.text('id').primary();
      t.integer('value').notNullable();
    }),
  );
  afterAll(async () => {
    await db.schema.dropTableIfExists(table);
    await db.destroy();
    const keys = await redisA.keys(`${keyPrefix}${namespace}:*`);
    if (keys.length > 0) await redisA.del(...keys.map((key) => key.slice(keyPrefix.length)));
    redisA.disconnect();
    redisB.disconnect();
  });

  const readValue = async (name: string) =>
    Number((await db(table).where({ id: name }).first<{ value: number } | undefined>())?.value ?? 0);

  function valueEntry(name: string, onLoad?: () => Promise<void>): CacheEntry<number> {
    return {
      key: `value:${name}`,
      scopes: [`value:${name}`],
      load: async () => {
        const value = await readValue(name);
        await onLoad?.();
        return value;
      },
    };
  }

  async function writeValue(cache: GuardedCache, name: string, value: number) {
    await db.transaction(async (trx) => {
      await cache.guardTransaction(trx, [`value:${name}`]);
      await trx(table).insert({ id: name, value }).onConflict('id').merge();
    });
  }

  it('answers a second read from the cache, on the same replica and on another', async () => {
    const name = randomUUID();
    await writeValue(replicaA, name, 7);
    let loads = 0;
    const entry = valueEntry(name, async () => void (loads += 1));
    expect(await replicaA.read(entry)).toBe(7);
    expect(await replicaA.read(entry)).toBe(7);
    expect(await replicaB.read(entry)).toBe(7);
    expect(loads).toBe(1);
  });

  it('answers the committed value right after a write, on the writing replica and on the other', async () => {
    const name = randomUUID();
    await writeValue(replicaA, name, 1);
    expect(await replicaA.read(valueEntry(name))).toBe(1);
    expect(await replicaB.read(valueEntry(name))).toBe(1);
    await writeValue(replicaA, name, 2);
    expect(await replicaB.read(valueEntry(name))).toBe(2);
    expect(await replicaA.read(valueEntry(name))).toBe(2);
    await writeValue(replicaB, name, 3);
    expect(await replicaA.read(valueEntry(name))).toBe(3);
  });

  it('never stores a value loaded before a commit that changed it (the reader loses the race)', async () => {
    const name = randomUUID();
    await writeValue(replicaA, name, 1);
    // B loads the old value, then A's whole write happens before B stores it.
    const racing = replicaB.read(valueEntry(name, () => writeValue(replicaA, name, 2)));
    expect(await racing).toBe(1); // B's own caller raced the write: it may see the old value once
    let loads = 0;
    expect(await replicaB.read(valueEntry(name, async () => void (loads += 1)))).toBe(2);
    expect(loads).toBe(1); // loaded from Postgres, not the stale value from the cache
  });

  it('reads the database while a write is under way, and caches again once it has ended', async () => {
    const name = randomUUID();
    await writeValue(replicaA, name, 1);
    expect(await replicaB.read(valueEntry(name))).toBe(1);
    let loads = 0;
    const counted = () => valueEntry(name, async () => void (loads += 1));
    const trx = await db.transaction();
    await replicaA.guardTransaction(trx, [`value:${name}`]);
    await trx(table).where({ id: name }).update({ value: 2 });
    expect(await replicaB.read(counted())).toBe(1); // not committed yet: Postgres still says 1
    expect(await replicaB.read(counted())).toBe(1);
    expect(loads).toBe(2); // both from Postgres, neither stored
    await trx.commit(); // the guard settles just after COMMIT is answered
    await eventuallyUnguarded(name);
    expect(await replicaB.read(counted())).toBe(2);
  });

  it('keeps bypassing the cache when a writer died between its commit and the end of its guard', async () => {
    const name = randomUUID();
    await writeValue(replicaA, name, 1);
    expect(await replicaB.read(valueEntry(name))).toBe(1);
    await replicaA.beginWrite([`value:${name}`]); // the writer's first step...
    await db(table).where({ id: name }).update({ value: 2 }); // ...its commit, and then it is gone
    expect(await replicaB.read(valueEntry(name))).toBe(2);
    expect(await replicaA.read(valueEntry(name))).toBe(2);
    const ttl = await redisA.ttl(`${namespace}:writing:value:${name}`);
    expect(ttl).toBeGreaterThan(0); // until the count expires, after any transaction could still run
  });

  it('waits for the outermost transaction when the write happens in a savepoint', async () => {
    const name = randomUUID();
    await writeValue(replicaA, name, 1);
    expect(await replicaB.read(valueEntry(name))).toBe(1);
    const outer = await db.transaction();
    await outer.transaction(async (savepoint) => {
      await replicaA.guardTransaction(savepoint, [`value:${name}`]);
      await savepoint(table).where({ id: name }).update({ value: 2 });
    });
    // The savepoint is released but nothing is committed: B must not cache 1 now.
    expect(await replicaB.read(valueEntry(name))).toBe(1);
    await outer.commit();
    await eventuallyUnguarded(name);
    expect(await replicaB.read(valueEntry(name))).toBe(2);
  });

  it('reads the database when Redis is away, and refuses to guard a write it cannot announce', async () => {
    const name = randomUUID();
    await writeValue(replicaA, name, 5);
    const away = new Redis({
      port: await freePort(),
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    const offline = new GuardedCache(away, namespace);
    expect(await offline.read(valueEntry(name))).toBe(5);
    await expect(writeValue(offline, name, 6)).rejects.toThrow();
    expect(await readValue(name)).toBe(5); // the transaction rolled back
    away.disconnect();
  });

  /** Waits until no write to the value is counted (the settle step runs just after COMMIT). */
  async function eventuallyUnguarded(name: string) {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (!(await redisA.exists(`${namespace}:writing:value:${name}`))) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the write to ${name} was never settled`);
  }
});
