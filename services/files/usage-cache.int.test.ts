import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import knex from 'knex';
import { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { StorageService } from '../../proto/gen/storage/v1/storage_pb.js';
import { GuardedCache, READ_CACHE_NAMESPACE } from '../internal/cache/guarded-cache';
import { createServiceClient } from '../internal/grpc/client';
import { requireTestEnv } from '../internal/testing/require-env';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';
import { commitUpload } from './commands/commit-upload';
import { getUsage } from './commands/get-usage';
import { purgeDueFiles } from './commands/purge-due-files';
import type { FilesDeps } from './deps';
import { filesStore, usageScope } from './store';
import { dbOnlyFilesDeps } from './testing/db-only-deps';

// Two files instances, as two replicas (or the files service and the worker
// that commits uploads and purges the trash) run them: each its own Postgres
// pool and Redis connection, the cache configured as module.ts does. Billing
// and storage are the real services, over gRPC. Everything committed here
// belongs to one new user and is removed at the end.
describe('the cached usage across two files instances', () => {
  const env = requireTestEnv(['DATABASE_URL', 'REDIS_URL']);
  const keyPrefix = process.env.REDIS_KEY_PREFIX ?? '';
  let services: TestPlatform;
  const connections: Redis[] = [];
  const pools: knex.Knex[] = [];

  function instance(): FilesDeps {
    const db = knex({ client: 'pg', connection: env.DATABASE_URL, pool: { min: 0, max: 2 } });
    const redis = new Redis(env.REDIS_URL, { keyPrefix, maxRetriesPerRequest: 1 });
    pools.push(db);
    connections.push(redis);
    const cache = new GuardedCache(redis, READ_CACHE_NAMESPACE);
    const url = `http://127.0.0.1:${services.grpcPort}`;
    const billing = createServiceClient(BillingService, url);
    const storage = createServiceClient(StorageService, url);
    return { ...dbOnlyFilesDeps(db), billing, storage, usageCache: cache };
  }

  let a: FilesDeps;
  let b: FilesDeps;
  const userId = randomUUID();

  beforeAll(async () => {
    services = await startTestPlatform({ targets: ['billing', 'storage'] });
    a = instance();
    b = instance();
  });

  afterAll(async () => {
    await a.db.transaction(async (trx) => {
      await filesStore.lockUsage(trx, userId, a.usageCache);
      await trx('files.files').where({ owner_id: userId }).delete();
      await trx('files.usage').where({ user_id: userId }).delete();
    });
    await Promise.all(pools.map((pool) => pool.destroy()));
    connections.forEach((connection) => connection.disconnect());
    await services?.stop();
  });

  /** What create-upload commits: a pending file and version, and their bytes reserved. */
  async function reserveUpload(size: number): Promise<string> {
    const fileId = randomUUID();
    await a.db.transaction(async (trx) => {
      await filesStore.lockUsage(trx, userId, a.usageCache);
      await filesStore.insertFile(trx, {
        id: fileId,
        owner_id: userId,
        folder_id: null,
        name: `${fileId}.bin`,
        content_type: 'application/octet-stream',
        status: 'pending',
        size,
      });
      await filesStore.insertVersion(trx, {
        file_id: fileId,
        version: 1,
        size,
        content_type: 'application/octet-stream',
        sha256: null,
        expires_at: new Date(Date.now() + 3600_000),
      });
      await filesStore.changeUsage(trx, userId, { reserved: size });
    });
    return fileId;
  }

  const usageOn = async (deps: FilesDeps) => {
    const { usedBytes, reservedBytes, fileCount } = await getUsage({ deps, userId });
    return { usedBytes, reservedBytes, fileCount };
  };

  it('answers the new usage on both instances right after an upload is committed, then after its purge', async () => {
    const fileId = await reserveUpload(100);
    const reserved = { usedBytes: 0n, reservedBytes: 100n, fileCount: 0 };
    expect(await usageOn(b)).toEqual(reserved);
    expect(await usageOn(a)).toEqual(reserved);
    const cachedKey = `${READ_CACHE_NAMESPACE}:value:${usageScope(userId)}`;
    expect(await connections[0]!.exists(cachedKey)).toBe(1); // the next reads come from Redis

    expect(await commitUpload({ deps: a, userId, fileId, version: 1, size: 100 })).toBe(true);
    const committed = { usedBytes: 100n, reservedBytes: 0n, fileCount: 1 };
    expect(await usageOn(b)).toEqual(committed);
    expect(await usageOn(a)).toEqual(committed);

    // Trashing changes no usage; the purge that follows releases it.
    await a
      .db('files.files')
      .where({ id: fileId })
      .update({
        status: 'trashed',
        trashed_at: new Date(Date.now() - 2000),
        purge_at: new Date(Date.now() - 1000),
      });
    expect(await usageOn(b)).toEqual(committed);
    expect(await purgeDueFiles({ deps: b, userId, dueBy: new Date(), limit: 10 })).toEqual({ purged: 1 });
    const purged = { usedBytes: 0n, reservedBytes: 0n, fileCount: 0 };
    expect(await usageOn(a)).toEqual(purged);
    expect(await usageOn(b)).toEqual(purged);
  });
});
