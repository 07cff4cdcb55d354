import { createHash, randomBytes } from 'node:crypto';
import { objectKey } from '../../internal/object-keys';
import { useStorageTestDeps } from '../testing/storage-test-deps';
import { presignUploadParts } from './presign-upload-parts';

const MiB = 1024 * 1024;

describe('presignUploadParts against the real S3 (MinIO)', () => {
  const context = useStorageTestDeps();

  it('each presigned part URL accepts a PUT of that part, and the parts complete into the object', async () => {
    const object = context.newRef();
    const key = objectKey(object);
    const { objects } = context.deps;
    const parts = [randomBytes(5 * MiB), randomBytes(1000)];
    const uploadId = await objects.initiateMultipart({ key, contentType: 'application/octet-stream' });

    const urls = await presignUploadParts({ deps: context.deps, object, uploadId, partNumbers: [1, 2] });
    expect(urls.map((part) => part.partNumber)).toEqual([1, 2]);
    const etags = [];
    for (const [index, { partNumber, url }] of urls.entries()) {
      const response = await fetch(url, { method: 'PUT', body: parts[index] });
      expect(response.status).toBe(200);
      etags.push({ partNumber, etag: response.headers.get('etag')! });
    }
    await objects.completeMultipart({ key, uploadId, parts: etags });

    const whole = Buffer.concat(parts);
    expect(await objects.computeSha256(key)).toEqual({
      sha256Hex: createHash('sha256').update(whole).digest('hex'),
      size: whole.length,
    });
  });

  it('S3 refuses a part PUT for an upload that was aborted', async () => {
    const object = context.newRef();
    const key = objectKey(object);
    const uploadId = await context.deps.objects.initiateMultipart({ key, contentType: 'text/plain' });
    await context.deps.objects.abortMultipart({ key, uploadId });

    const [part] = await presignUploadParts({ deps: context.deps, object, uploadId, partNumbers: [1] });
    const response = await fetch(part!.url, { method: 'PUT', body: Buffer.from('late') });

    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<Code>NoSuchUpload</Code>');
  });

  it('rejects repeated part numbers as invalid_argument naming part_numbers', async () => {
    const object = context.newRef();

    await expect(
      presignUploadParts({ deps: context.deps, object, uploadId: 'some-upload', partNumbers: [1, 1] }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      fields: [expect.objectContaining({ field: 'part_numbers' })],
    });
  });
});
