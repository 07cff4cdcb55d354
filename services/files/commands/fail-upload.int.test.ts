import { createHash, randomUUID } from 'node:crypto';
import { objectRef } from '../object-ref';
import { platformFilesDeps } from '../testing/platform-deps';
import { commitUpload } from './commit-upload';
import { createUpload } from './create-upload';
import { failUpload } from './fail-upload';

describe('failUpload', () => {
  const { deps, trx } = platformFilesDeps();

  const usage = async (userId: string) => {
    const row = await trx()('files.usage').where({ user_id: userId }).first();
    return { used: Number(row.used_bytes), reserved: Number(row.reserved_bytes), files: row.file_count };
  };
  const fileRow = (fileId: string) => trx()('files.files').where({ id: fileId }).first();
  const versionStatus = async (fileId: string, version: number) =>
    (await trx()('files.file_versions').where({ file_id: fileId, version }).first()).status;
  const stored = async (userId: string, fileId: string, version: number) => {
    const row = await trx()('files.file_versions').where({ file_id: fileId, version }).first();
    const object = objectRef(userId, fileId, version, row.object_attempt as string);
    return (await deps().storage.statObject({ object })).exists;
  };

  /** Starts an upload through the real command and, unless told otherwise, PUTs its bytes to storage. */
  async function upload(userId: string, bytes: Buffer, options: { fileId?: string; put?: boolean } = {}) {
    const { file, upload: presigned } = await createUpload({
      deps: deps(),
      userId,
      name: `${randomUUID()}.bin`,
      size: bytes.length,
      contentType: 'application/octet-stream',
      fileId: options.fileId,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    if (presigned.upload.case !== 'put') throw new Error('expected a single-PUT upload');
    if (options.put !== false) {
      const { url, headers } = presigned.upload.value;
      expect((await fetch(url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
    }
    return file.id;
  }

  it('removes the stored bytes, fails the first version and its file, and releases the reservation once', async () => {
    const userId = randomUUID();
    const bytes = Buffer.from('given up');
    const fileId = await upload(userId, bytes);
    expect(await stored(userId, fileId, 1)).toBe(true);

    await failUpload({ deps: deps(), userId, fileId, version: 1, size: bytes.length });
    await failUpload({ deps: deps(), userId, fileId, version: 1, size: bytes.length });

    expect(await stored(userId, fileId, 1)).toBe(false);
    expect(await versionStatus(fileId, 1)).toBe('failed');
    expect((await fileRow(fileId)).status).toBe('failed');
    expect(await usage(userId)).toEqual({ used: 0, reserved: 0, files: 0 });
  });

  it('fails an upload whose object never arrived', async () => {
    const userId = randomUUID();
    const fileId = await upload(userId, Buffer.alloc(500), { put: false });
    await failUpload({ deps: deps(), userId, fileId, version: 1, size: 500 });
    expect(await versionStatus(fileId, 1)).toBe('failed');
    expect(await usage(userId)).toEqual({ used: 0, reserved: 0, files: 0 });
  });

  it('fails a new version but leaves the file ready on its current version', async () => {
    const userId = randomUUID();
    const first = Buffer.from('version one');
    const fileId = await upload(userId, first);
    await commitUpload({ deps: deps(), userId, fileId, version: 1, size: first.length });
    await upload(userId, Buffer.from('version two, longer'), { fileId });

    await failUpload({ deps: deps(), userId, fileId, version: 2, size: 19 });

    expect(await versionStatus(fileId, 2)).toBe('failed');
    expect(await fileRow(fileId)).toMatchObject({ status: 'ready', current_version: 1 });
    expect(await stored(userId, fileId, 1)).toBe(true);
    expect(await usage(userId)).toEqual({ used: first.length, reserved: 0, files: 1 });
  });

  it('leaves a committed version alone: a late failure changes nothing', async () => {
    const userId = randomUUID();
    const bytes = Buffer.from('already committed');
    const fileId = await upload(userId, bytes);
    await commitUpload({ deps: deps(), userId, fileId, version: 1, size: bytes.length });

    await failUpload({ deps: deps(), userId, fileId, version: 1, size: bytes.length });

    expect(await stored(userId, fileId, 1)).toBe(true);
    expect((await fileRow(fileId)).status).toBe('ready');
    expect(await usage(userId)).toEqual({ used: bytes.length, reserved: 0, files: 1 });
  });
});
