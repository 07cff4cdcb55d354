import { objectKey } from '../../internal/object-keys';
import { useStorageTestDeps } from '../testing/storage-test-deps';
import { presignDownload } from './presign-download';

describe('presignDownload against the real S3 (MinIO)', () => {
  const context = useStorageTestDeps();

  it('a presigned GET downloads the bytes under the given file name and type', async () => {
    const object = context.newRef();
    const body = Buffer.from('%PDF-1.7 not really\n');
    await context.client.putObject(context.bucket, objectKey(object), body, body.length, {
      'Content-Type': 'application/octet-stream',
    });

    const { url } = await presignDownload({
      deps: context.deps,
      object,
      fileName: 'résumé 2026.pdf',
      contentType: 'application/pdf',
    });
    const response = await fetch(url);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%202026.pdf",
    );
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(body);
  });

  it('dates the expiry by the deps clock, and S3 refuses the URL once it has passed', async () => {
    const object = context.newRef();
    await context.client.putObject(context.bucket, objectKey(object), Buffer.from('old'));
    const now = new Date(Date.now() - 3600 * 1000);

    const { url, expiresAt } = await presignDownload({
      deps: { ...context.deps, now: () => now },
      object,
      fileName: 'old.txt',
      expiresInSeconds: 60,
    });

    expect(expiresAt).toEqual(new Date(now.getTime() + 60_000));
    expect((await fetch(url)).status).toBe(403);
  });

  it('rejects a file name over 1024 characters as invalid_argument naming file_name', async () => {
    const object = context.newRef();

    await expect(
      presignDownload({ deps: context.deps, object, fileName: 'a'.repeat(1025) }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      fields: [expect.objectContaining({ field: 'file_name' })],
    });
  });
});
