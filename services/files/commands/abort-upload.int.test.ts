import { randomUUID } from 'node:crypto';
import { FILES_ERRORS } from '../errors';
import { objectRef } from '../object-ref';
import { platformFilesDeps } from '../testing/platform-deps';
import { abortUpload } from './abort-upload';
import { commitUpload } from './commit-upload';
import { createUpload } from './create-upload';

describe('abortUpload', () => {
  const { deps, trx } = platformFilesDeps();

  const code = (error: { code: string }) => ({ code: error.code });
  const usage = async (userId: string) => {
    const row = await trx()('files.usage').where({ user_id: userId }).first();
    return { used: Number(row.used_bytes), reserved: Number(row.reserved_bytes), files: row.file_count };
  };

  /** Starts an upload through the real command and PUTs its bytes to storage. */
  async function upload(userId: string, bytes: Buffer): Promise<string> {
    const { file, upload: presigned } = await createUpload({
      deps: deps(),
      userId,
      name: `${randomUUID()}.bin`,
      size: bytes.length,
      contentType: 'application/octet-stream',
    });
    if (presigned.upload.case !== 'put') throw new Error('expected a single-PUT upload');
    const { url, headers } = presigned.upload.value;
    expect((await fetch(url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
    return file.id;
  }

  it('removes the partial upload, fails the file and releases the reservation once; a second abort answers not_uploading', async () => {
    const userId = randomUUID();
    const fileId = await upload(userId, Buffer.from('changed my mind'));
    expect(await usage(userId)).toEqual({ used: 0, reserved: 15, files: 0 });

    await abortUpload({ deps: deps(), userId, fileId });

    const { object_attempt } = await trx()('files.file_versions')
      .where({ file_id: fileId, version: 1 })
      .first();
    expect(object_attempt).toMatch(/^[0-9a-f-]{36}$/);
    const object = objectRef(userId, fileId, 1, object_attempt as string);
    expect((await deps().storage.statObject({ object })).exists).toBe(false);
    expect((await trx()('files.files').where({ id: fileId }).first()).status).toBe('failed');
    expect(await usage(userId)).toEqual({ used: 0, reserved: 0, files: 0 });
    await expect(abortUpload({ deps: deps(), userId, fileId })).rejects.toMatchObject(
      code(FILES_ERRORS.notUploading()),
    );
    expect(await usage(userId)).toEqual({ used: 0, reserved: 0, files: 0 });
  });

  it('answers not_uploading for a committed file and leaves it ready', async () => {
    const userId = randomUUID();
    const fileId = await upload(userId, Buffer.from('kept'));
    await commitUpload({ deps: deps(), userId, fileId, version: 1, size: 4 });
    await expect(abortUpload({ deps: deps(), userId, fileId })).rejects.toMatchObject(
      code(FILES_ERRORS.notUploading()),
    );
    expect((await trx()('files.files').where({ id: fileId }).first()).status).toBe('ready');
    expect(await usage(userId)).toEqual({ used: 4, reserved: 0, files: 1 });
  });

  it('answers file_not_found for another user’s upload and for an unknown file', async () => {
    const owner = randomUUID();
    const fileId = await upload(owner, Buffer.from('not yours'));
    for (const [userId, id] of [
      [randomUUID(), fileId],
      [owner, randomUUID()],
    ] as const) {
      await expect(abortUpload({ deps: deps(), userId, fileId: id })).rejects.toMatchObject(
        code(FILES_ERRORS.fileNotFound()),
      );
    }
    expect(await usage(owner)).toEqual({ used: 0, reserved: 9, files: 0 });
  });
});
