import { randomBytes, randomUUID } from 'node:crypto';
import { objectRef } from '../object-ref';
import { platformFilesDeps } from '../testing/platform-deps';
import { completeMultipart } from './complete-multipart';
import { createUpload } from './create-upload';
import { failUpload } from './fail-upload';
import { presignUploadParts } from './presign-upload-parts';

// Storage makes every upload over a KiB multipart, so a multipart upload costs a few bytes.
const MULTIPART_THRESHOLD_BYTES = 1024;

describe('completeMultipart', () => {
  const { deps, trx } = platformFilesDeps({
    env: { MULTIPART_THRESHOLD_BYTES: String(MULTIPART_THRESHOLD_BYTES) },
  });

  const stat = async (userId: string, fileId: string) => {
    const row = await trx()('files.file_versions').where({ file_id: fileId, version: 1 }).first();
    return deps().storage.statObject({ object: objectRef(userId, fileId, 1, row.object_attempt as string) });
  };

  /** A pending upload of `bytes` through the real command; for a multipart one, its single part PUT. */
  async function upload(userId: string, bytes: Buffer) {
    const { file, upload: created } = await createUpload({
      deps: deps(),
      userId,
      name: `${randomUUID()}.bin`,
      size: bytes.length,
      contentType: 'application/octet-stream',
    });
    if (created.upload.case !== 'multipart') return { fileId: file.id, parts: [] };
    const [part] = await presignUploadParts({ deps: deps(), userId, fileId: file.id, partNumbers: [1] });
    const put = await fetch(part!.url, { method: 'PUT', body: bytes });
    expect(put.status).toBe(200);
    return { fileId: file.id, parts: [{ partNumber: 1, etag: put.headers.get('etag')! }] };
  }

  it('assembles the uploaded parts into the object, and a repeat after success is harmless', async () => {
    const userId = randomUUID();
    const bytes = randomBytes(3 * MULTIPART_THRESHOLD_BYTES);
    const { fileId, parts } = await upload(userId, bytes);
    expect((await stat(userId, fileId)).exists).toBe(false);

    await completeMultipart({ deps: deps(), userId, fileId, version: 1, parts });
    await completeMultipart({ deps: deps(), userId, fileId, version: 1, parts });

    expect(await stat(userId, fileId)).toMatchObject({ exists: true, size: BigInt(bytes.length) });
  });

  it('does nothing for a single-PUT upload, which has no parts to assemble', async () => {
    const userId = randomUUID();
    const { fileId } = await upload(userId, Buffer.from('one PUT, never sent'));
    await completeMultipart({
      deps: deps(),
      userId,
      fileId,
      version: 1,
      parts: [{ partNumber: 1, etag: '"x"' }],
    });
    expect((await stat(userId, fileId)).exists).toBe(false);
  });

  it('does nothing for an upload that already failed', async () => {
    const userId = randomUUID();
    const bytes = randomBytes(2 * MULTIPART_THRESHOLD_BYTES);
    const { fileId, parts } = await upload(userId, bytes);
    await failUpload({ deps: deps(), userId, fileId, version: 1, size: bytes.length });

    await completeMultipart({ deps: deps(), userId, fileId, version: 1, parts });

    expect((await stat(userId, fileId)).exists).toBe(false);
  });
});
