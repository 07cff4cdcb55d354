import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { eventually } from '../internal/testing/eventually';
import { signUpUser, uploadFile } from '../internal/testing/api-users';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';
import { usePlan } from '../internal/testing/plans';
import { MainProcess } from '../internal/testing/main-process';

// The app runs in this process without its worker; the worker is a separate
// process killed with SIGKILL in the middle of confirmations and purges.
const WITHOUT_WORKER = ['gateway', 'auth', 'admin', 'billing', 'files', 'storage', 'ingest'];
const FILES = 6;

describe('a worker killed mid-way', () => {
  let app: TestPlatform;
  let worker: MainProcess;
  let db: ReturnType<typeof knex>;
  const taskQueue = `crash-test-${randomUUID()}`;

  beforeAll(async () => {
    app = await startTestPlatform({
      targets: WITHOUT_WORKER,
      env: { TEMPORAL_TASK_QUEUE: taskQueue, TRASH_BATCH_WINDOW_SECONDS: '1' },
    });
    worker = new MainProcess('worker', {
      ...pick(process.env, ['DATABASE_URL', 'TEMPORAL_ADDRESS']),
      TEMPORAL_TASK_QUEUE: taskQueue,
      GRPC_PORT: String(app.grpcPort),
      LOG_LEVEL: 'warn',
    });
    await worker.start();
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  });

  afterAll(async () => {
    await worker?.stop();
    await db?.destroy();
    await app?.stop();
  });

  const newUser = () => signUpUser(app.baseUrl, 'crash');

  const usageRow = async (userId: string) => db('files.usage').where({ user_id: userId }).first();

  it('confirms every upload exactly once and charges each once', async () => {
    const user = await newUser();
    const sizes: number[] = [];
    const ids: string[] = [];
    for (let index = 0; index < FILES; index += 1) {
      const bytes = Buffer.alloc(1000 + index, index);
      const created = await user.call('POST', '/v1/uploads', {
        body: {
          name: `crash-${index}.bin`,
          size: bytes.length,
          contentType: 'application/octet-stream',
        },
      });
      expect(created.status).toBe(201);
      expect(
        (
          await fetch(created.body.upload.url, {
            method: 'PUT',
            headers: created.body.upload.headers,
            body: bytes,
          })
        ).status,
      ).toBe(200);
      sizes.push(bytes.length);
      ids.push(created.body.file.id);
      // Kill the worker while the storage events for these uploads are being confirmed.
      if (index === 2) {
        await sleep(Math.floor(Math.random() * 200));
        await worker.kill();
        await worker.start();
      }
    }
    await sleep(Math.floor(Math.random() * 200));
    await worker.kill();
    await worker.start();

    await eventually(
      async () => {
        const rows = await db('files.files').whereIn('id', ids).where({ status: 'ready' });
        return rows.length === FILES || undefined;
      },
      `all ${FILES} uploads to become ready (worker log: ${worker.log.slice(-500)})`,
      120_000,
    );
    const usage = await usageRow(user.id);
    expect(Number(usage.used_bytes)).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(Number(usage.reserved_bytes)).toBe(0);
    expect(usage.file_count).toBe(FILES);
    const versions = await db('files.file_versions').whereIn('file_id', ids);
    expect(versions.map((version: { status: string }) => version.status)).toEqual(Array(FILES).fill('ready'));
  });

  it('purges every trashed file exactly once: objects, rows and usage', async () => {
    const user = await newUser();
    await usePlan(db, user.id, { quota: 10 ** 9, maxFile: 10 ** 8, trashSeconds: 2 }, 'crash');
    const ids: string[] = [];
    const urls: string[] = [];
    for (let index = 0; index < FILES; index += 1) {
      const bytes = Buffer.alloc(500 + index, index);
      // Through the typed client: it retries a complete that came before the storage event.
      const id = await uploadFile(user, bytes, `purge-${index}.bin`);
      ids.push(id);
      urls.push((await user.call('GET', `/v1/files/${id}/download?redirect=false`)).body.url);
    }
    for (const id of ids) expect((await user.call('DELETE', `/v1/files/${id}`)).status).toBe(202);
    // The timer fires after ~2 s; kill the worker around then, twice.
    await sleep(2000 + Math.floor(Math.random() * 300));
    await worker.kill();
    await worker.start();
    await sleep(Math.floor(Math.random() * 500));
    await worker.kill();
    await worker.start();

    await eventually(
      async () => (await db('files.files').whereIn('id', ids)).length === 0 || undefined,
      'every trashed file to be purged',
      120_000,
    );
    for (const url of urls) expect((await fetch(url)).status).toBe(404);
    const usage = await usageRow(user.id);
    expect({
      used: Number(usage.used_bytes),
      reserved: Number(usage.reserved_bytes),
      files: usage.file_count,
    }).toEqual({ used: 0, reserved: 0, files: 0 });
  });
});

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, env[name] ?? '']));
}
