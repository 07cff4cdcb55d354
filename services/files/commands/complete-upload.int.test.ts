import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import knex, { type Knex } from 'knex';
import { uploadWorkflowId } from '../../../workflows/upload/contract';
import { BillingService } from '../../../proto/gen/billing/v1/billing_pb.js';
import { StorageService } from '../../../proto/gen/storage/v1/storage_pb.js';
import { createServiceClient } from '../../internal/grpc/client';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { platformFilesDeps } from '../testing/platform-deps';
import { abortUpload } from './abort-upload';
import { commitUpload } from './commit-upload';
import { completeUpload } from './complete-upload';
import { createUpload } from './create-upload';

// What complete answers without asking the upload workflow: these tests run
// no worker, so none of them reaches executeUpdateWithStart.
describe('completeUpload', () => {
  const { deps, trx } = platformFilesDeps();

  const code = (error: { code: string }) => ({ code: error.code });
  const upload = async (userId: string, size = 10) =>
    (
      await createUpload({
        deps: deps(),
        userId,
        name: `${randomUUID()}.bin`,
        size,
        contentType: 'application/octet-stream',
      })
    ).file.id;

  it('answers a committed file as it is, however often it is completed', async () => {
    const userId = randomUUID();
    const fileId = await upload(userId);
    await commitUpload({ deps: deps(), userId, fileId, version: 1, size: 10 });
    for (let call = 0; call < 2; call += 1) {
      expect(await completeUpload({ deps: deps(), userId, fileId, parts: [] })).toMatchObject({
        id: fileId,
        status: 'ready',
        current_version: 1,
      });
    }
  });

  it('answers a file trashed since its commit as it is', async () => {
    const userId = randomUUID();
    const fileId = await upload(userId);
    await commitUpload({ deps: deps(), userId, fileId, version: 1, size: 10 });
    await trx()('files.files').where({ id: fileId }).update({ status: 'trashed', trashed_at: new Date() });
    expect(await completeUpload({ deps: deps(), userId, fileId, parts: [] })).toMatchObject({
      status: 'trashed',
    });
  });

  it('answers upload_closed for an aborted upload', async () => {
    const userId = randomUUID();
    const fileId = await upload(userId);
    await abortUpload({ deps: deps(), userId, fileId });
    await expect(completeUpload({ deps: deps(), userId, fileId, parts: [] })).rejects.toMatchObject(
      code(FILES_ERRORS.uploadClosed()),
    );
  });

  it('answers upload_not_multipart for parts sent to a single-PUT upload', async () => {
    const userId = randomUUID();
    const fileId = await upload(userId);
    await expect(
      completeUpload({ deps: deps(), userId, fileId, parts: [{ partNumber: 1, etag: '"x"' }] }),
    ).rejects.toMatchObject(code(FILES_ERRORS.notMultipart()));
  });

  it('answers file_not_found for another user’s upload and an unknown file', async () => {
    const owner = randomUUID();
    const fileId = await upload(owner);
    for (const [userId, id] of [
      [randomUUID(), fileId],
      [owner, randomUUID()],
    ] as const) {
      await expect(completeUpload({ deps: deps(), userId, fileId: id, parts: [] })).rejects.toMatchObject(
        code(FILES_ERRORS.fileNotFound()),
      );
    }
  });
});

// With a worker on the test's own task queue, the update reaches the real
// upload workflow. Its activities use their own pool, so these rows are
// committed, for one new user, and removed at the end.
describe('completeUpload with the upload workflow running', () => {
  const userId = randomUUID();
  const taskQueue = `complete-upload-test-${randomUUID()}`;
  let app: TestPlatform;
  let connection: Connection;
  let db: Knex;
  let deps: FilesDeps;
  const fileIds: string[] = [];

  beforeAll(async () => {
    app = await startTestPlatform({
      targets: ['worker', 'billing', 'storage'],
      env: { TEMPORAL_TASK_QUEUE: taskQueue },
    });
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 2 } });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    const url = `http://127.0.0.1:${app.grpcPort}`;
    deps = {
      ...dbOnlyFilesDeps(db),
      storage: createServiceClient(StorageService, url),
      billing: createServiceClient(BillingService, url),
      temporal: new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE }),
      taskQueue,
    };
  });

  afterAll(async () => {
    for (const fileId of fileIds) {
      await deps?.temporal.workflow
        .getHandle(uploadWorkflowId(fileId))
        .terminate('test finished')
        .catch(() => undefined);
    }
    await db?.('files.files').where({ owner_id: userId }).delete();
    await db?.('files.usage').where({ user_id: userId }).delete();
    await db?.destroy();
    await connection?.close();
    await app?.stop();
  });

  it('answers upload_not_arrived before the bytes are in storage, then the ready file once they are', async () => {
    const bytes = Buffer.from('arrives late');
    const { file, upload } = await createUpload({
      deps,
      userId,
      name: `${randomUUID()}.bin`,
      size: bytes.length,
      contentType: 'application/octet-stream',
    });
    fileIds.push(file.id);

    await expect(completeUpload({ deps, userId, fileId: file.id, parts: [] })).rejects.toMatchObject({
      code: FILES_ERRORS.notUploadedYet().code,
    });

    if (upload.upload.case !== 'put') throw new Error('expected a single-PUT upload');
    const { url, headers } = upload.upload.value;
    expect((await fetch(url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
    expect(await completeUpload({ deps, userId, fileId: file.id, parts: [] })).toMatchObject({
      id: file.id,
      status: 'ready',
      current_version: 1,
    });
    const usage = await db('files.usage').where({ user_id: userId }).first();
    expect({ used: Number(usage.used_bytes), reserved: Number(usage.reserved_bytes) }).toEqual({
      used: bytes.length,
      reserved: 0,
    });
  });
});
