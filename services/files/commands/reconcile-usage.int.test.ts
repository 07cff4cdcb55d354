import { Client } from '@temporalio/client';
import knex, { type Knex } from 'knex';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { loadConfig } from '../../internal/config';
import { LocalServices } from '../../internal/grpc/local-services';
import { createLogger } from '../../internal/logger';
import { createS3Client } from '../../internal/s3-client';
import { signUpUser, uploadFile, uploadVersion, type ApiUser } from '../../internal/testing/api-users';
import { eventually } from '../../internal/testing/eventually';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import { filesActivityProvider } from '../activities/provider';
import { createFilesDeps } from '../create-deps';
import type { FilesDeps } from '../deps';
import { reconcileUsage } from './reconcile-usage';

// The whole app with its worker, driven through REST; the reconciliation
// then reads the same database and bucket (storage over gRPC). Each check
// names its users: other tests may be writing to the same database.
describe('reconcileUsage against the real services', () => {
  let app: TestPlatform;
  let db: Knex;
  let deps: FilesDeps;

  beforeAll(async () => {
    app = await startTestPlatform();
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
    deps = createFilesDeps({
      db,
      temporal: new Client(),
      config: loadConfig({ ...process.env, GRPC_PORT: String(app.grpcPort) }, filesActivityProvider.config),
      local: new LocalServices(createLogger({ level: 'silent' })),
      usageCache: NO_CACHE,
    });
  });

  afterAll(async () => {
    await db?.destroy();
    await app?.stop();
  });

  const driftOf = async (users: ApiUser[]) => {
    const reports = [];
    for (const user of users) reports.push(await reconcileUsage({ deps, userId: user.id }));
    return reports.flatMap((report) => report.drift);
  };

  // Deterministic "random": the same mix on every run, different per user.
  function mix(seed: number) {
    let state = seed;
    return () => {
      // MINSTD: every product stays below 2^53, so it is exact in a double.
      state = (state * 48_271) % 2_147_483_647;
      return state / 2_147_483_647;
    };
  }

  /** Uploads, new versions, trash, restore and purge in a random order, through the API. */
  async function randomActivity(user: ApiUser, random: () => number): Promise<Set<string>> {
    const done = new Set<string>();
    const live: string[] = [];
    const trashed: string[] = [];
    const pick = (list: string[]) => list.splice(Math.floor(random() * list.length), 1)[0]!;
    for (let step = 0; step < 14; step += 1) {
      const roll = random();
      if (live.length === 0 || roll < 0.35) {
        live.push(await uploadFile(user, Buffer.alloc(1 + Math.floor(random() * 3000), step)));
        done.add('upload');
      } else if (roll < 0.55) {
        const fileId = live[Math.floor(random() * live.length)]!;
        await uploadVersion(user, fileId, Buffer.alloc(1 + Math.floor(random() * 3000), step));
        done.add('version');
      } else if (roll < 0.75) {
        const fileId = pick(live);
        expect((await user.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);
        trashed.push(fileId);
        done.add('trash');
      } else if (roll < 0.88 && trashed.length > 0) {
        const fileId = pick(trashed);
        expect((await user.call('POST', `/v1/files/${fileId}/restore`)).status).toBe(200);
        live.push(fileId);
        done.add('restore');
      } else if (trashed.length > 0) {
        // Purge: the trash emptied now, through the trash workflow on the worker.
        expect((await user.call('DELETE', '/v1/trash')).status).toBe(202);
        const purged = trashed.splice(0);
        await eventually(
          async () => ((await db('files.files').whereIn('id', purged)).length === 0 ? true : undefined),
          'the purge to finish',
        );
        done.add('purge');
      }
    }
    return done;
  }

  it('finds no drift after a random mix of uploads, versions, trash, restore and purge', async () => {
    const users = [
      await signUpUser(app.baseUrl, 'mix'),
      await signUpUser(app.baseUrl, 'mix'),
      await signUpUser(app.baseUrl, 'mix'),
    ];
    const done = await Promise.all(users.map((user, index) => randomActivity(user, mix(index + 1))));
    // The mix is fixed by its seeds; it must have taken every path at least once.
    expect(new Set(done.flatMap((actions) => [...actions]))).toEqual(
      new Set(['upload', 'version', 'trash', 'restore', 'purge']),
    );

    expect(await driftOf(users)).toEqual([]);
    for (const user of users) {
      const report = await reconcileUsage({ deps, userId: user.id });
      expect(report.checkedUsers).toBe(1);
    }
  });

  it('reports a usage row that drifted, and fix recomputes it from the rows', async () => {
    const user = await signUpUser(app.baseUrl, 'drift');
    await uploadFile(user, Buffer.from('twelve bytes'));
    await db('files.usage')
      .where({ user_id: user.id })
      .update({ used_bytes: db.raw('used_bytes + 7'), file_count: 5 });

    const [drift] = await driftOf([user]);
    expect(drift).toMatchObject({
      userId: user.id,
      recorded: { usedBytes: 19, reservedBytes: 0, fileCount: 5 },
      fromRows: { usedBytes: 12, reservedBytes: 0, fileCount: 1 },
      stored: { bytes: 12, versions: 1 },
      problems: [
        'usage used_bytes is 19, the rows add up to 12',
        'usage file_count is 5, the rows add up to 1',
      ],
    });

    expect((await reconcileUsage({ deps, userId: user.id, fix: true })).fixed).toBe(1);
    expect(await driftOf([user])).toEqual([]);
  });

  it('reports an object missing from the store and one the rows do not know', async () => {
    const user = await signUpUser(app.baseUrl, 'store-drift');
    const fileId = await uploadFile(user, Buffer.from('soon gone'));
    const env = process.env;
    const s3 = createS3Client({
      endpoint: env.S3_ENDPOINT!,
      region: env.S3_REGION ?? 'us-east-1',
      accessKey: env.S3_ACCESS_KEY!,
      secretKey: env.S3_SECRET_KEY!,
    });
    const { object_attempt } = (await deps.db('files.file_versions').where({ file_id: fileId }).first()) as {
      object_attempt: string;
    };
    // The ready version's own key, with its upload attempt.
    const key = `users/${user.id}/${fileId}/1-${object_attempt}`;
    // Not a StreamHub key, so the ingest leaves it for reconciliation to find (a version key with no row it would delete).
    const stray = `users/${user.id}/${fileId}/stray`;
    // The bucket keeps versions: an object is gone once every version of it is.
    const removeAllVersions = async (name: string) => {
      for await (const version of s3.listObjects(env.S3_BUCKET!, name, true, { IncludeVersion: true }))
        await s3.removeObject(env.S3_BUCKET!, name, {
          versionId: (version as { versionId: string }).versionId,
        });
    };
    await removeAllVersions(key);
    await s3.putObject(env.S3_BUCKET!, stray, Buffer.from('nobody'));

    // Put back what was taken and take away what was added: npm test checks for zero drift after the tests.
    const repair = async () => {
      await s3.putObject(env.S3_BUCKET!, key, Buffer.from('soon gone'));
      await removeAllVersions(stray);
    };
    const [drift] = await driftOf([user]).finally(repair);
    expect(drift?.problems.sort()).toEqual(
      [
        `${key}: ready version with no stored object`,
        `${stray}: stored (1 S3 versions) but no ready or pending version row`,
      ].sort(),
    );
    expect(drift?.stored).toEqual({ bytes: 6, versions: 1 });
    expect(await driftOf([user])).toEqual([]);
  });
});
