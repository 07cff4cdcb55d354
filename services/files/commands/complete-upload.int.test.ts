import { randomUUID } from 'node:crypto';
import { FILES_ERRORS } from '../errors';
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
