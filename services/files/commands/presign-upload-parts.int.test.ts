import { randomUUID } from 'node:crypto';
import { FILES_ERRORS } from '../errors';
import { platformFilesDeps } from '../testing/platform-deps';
import { commitUpload } from './commit-upload';
import { createUpload } from './create-upload';
import { presignUploadParts } from './presign-upload-parts';

// Storage makes every upload over a KiB multipart, so a multipart upload costs a few bytes.
const MULTIPART_THRESHOLD_BYTES = 1024;

describe('presignUploadParts', () => {
  const { deps } = platformFilesDeps({
    env: { MULTIPART_THRESHOLD_BYTES: String(MULTIPART_THRESHOLD_BYTES) },
  });

  const code = (error: { code: string }) => ({ code: error.code });
  const upload = async (userId: string, size: number) =>
    (
      await createUpload({
        deps: deps(),
        userId,
        name: `${randomUUID()}.bin`,
        size,
        contentType: 'application/octet-stream',
      })
    ).file.id;

  it('presigns the asked parts of a pending multipart upload, and a part PUT with its URL is accepted', async () => {
    const userId = randomUUID();
    const fileId = await upload(userId, 3 * MULTIPART_THRESHOLD_BYTES);

    const parts = await presignUploadParts({ deps: deps(), userId, fileId, partNumbers: [1] });

    expect(parts.map((part) => part.partNumber)).toEqual([1]);
    const put = await fetch(parts[0]!.url, {
      method: 'PUT',
      body: Buffer.alloc(3 * MULTIPART_THRESHOLD_BYTES),
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBeTruthy();
  });

  it('presigns only parts 1..partCount, each signing its exact size, for 15 minutes at most', async () => {
    const userId = randomUUID();
    const size = 3 * MULTIPART_THRESHOLD_BYTES;
    const fileId = await upload(userId, size);
    for (const partNumbers of [[2], [14, 9999], [0], [1, 2]])
      await expect(presignUploadParts({ deps: deps(), userId, fileId, partNumbers })).rejects.toMatchObject({
        code: 'invalid_argument',
        fields: [{ field: 'body.partNumbers', message: 'must be part numbers from 1 to 1' }],
      });

    const [part] = await presignUploadParts({ deps: deps(), userId, fileId, partNumbers: [1] });
    const url = new URL(part!.url);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
    expect((await fetch(url, { method: 'PUT', body: Buffer.alloc(size + 1) })).status).toBe(403);
    expect((await fetch(url, { method: 'PUT', body: Buffer.alloc(size) })).status).toBe(200);
  });

  it('answers upload_not_multipart for a single-PUT upload', async () => {
    const userId = randomUUID();
    const fileId = await upload(userId, MULTIPART_THRESHOLD_BYTES);
    await expect(
      presignUploadParts({ deps: deps(), userId, fileId, partNumbers: [1] }),
    ).rejects.toMatchObject(code(FILES_ERRORS.notMultipart()));
  });

  it('answers not_uploading once the upload is committed, and file_not_found for another user', async () => {
    const userId = randomUUID();
    const size = 3 * MULTIPART_THRESHOLD_BYTES;
    const fileId = await upload(userId, size);
    await expect(
      presignUploadParts({ deps: deps(), userId: randomUUID(), fileId, partNumbers: [1] }),
    ).rejects.toMatchObject(code(FILES_ERRORS.fileNotFound()));
    await commitUpload({ deps: deps(), userId, fileId, version: 1, size });
    await expect(
      presignUploadParts({ deps: deps(), userId, fileId, partNumbers: [1] }),
    ).rejects.toMatchObject(code(FILES_ERRORS.notUploading()));
  });
});
