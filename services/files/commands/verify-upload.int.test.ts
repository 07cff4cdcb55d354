import { createHash, randomUUID } from 'node:crypto';
import { platformFilesDeps } from '../testing/platform-deps';
import { createUpload } from './create-upload';
import { checkUpload, verifyUpload } from './verify-upload';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('verifyUpload and checkUpload', () => {
  const { deps } = platformFilesDeps();

  /** Starts an upload through the real command and, unless told otherwise, PUTs its bytes to storage. */
  async function upload(bytes: Buffer, options: { declareSha256?: boolean; put?: boolean } = {}) {
    const userId = randomUUID();
    const { file, upload: presigned } = await createUpload({
      deps: deps(),
      userId,
      name: `${randomUUID()}.bin`,
      size: bytes.length,
      contentType: 'application/octet-stream',
      sha256: options.declareSha256 ? sha256(bytes) : undefined,
    });
    if (presigned.upload.case !== 'put') throw new Error('expected a single-PUT upload');
    if (options.put !== false) {
      const { url, headers } = presigned.upload.value;
      expect((await fetch(url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
    }
    return { deps: deps(), userId, fileId: file.id, version: 1, size: bytes.length };
  }

  it('answers ok when the stored size and the SHA-256 S3 kept match the declared ones', async () => {
    const bytes = Buffer.from('declared and kept');
    const props = await upload(bytes, { declareSha256: true });
    expect(await verifyUpload({ ...props, sha256: sha256(bytes) })).toEqual({ kind: 'ok' });
    expect(await checkUpload({ ...props, sha256: sha256(bytes) })).toEqual({ kind: 'ok' });
  });

  it('hashes the stored bytes when S3 kept no SHA-256, and checkUpload asks for that hash instead', async () => {
    const bytes = Buffer.from('no checksum sent with the PUT');
    const props = await upload(bytes);
    expect(await verifyUpload({ ...props, sha256: sha256(bytes) })).toEqual({ kind: 'ok' });
    expect(await verifyUpload({ ...props, sha256: sha256(Buffer.from('other')) })).toEqual({
      kind: 'mismatch',
      reason: 'the stored bytes do not match the declared SHA-256',
    });
    expect(await checkUpload({ ...props, sha256: sha256(bytes) })).toEqual({ kind: 'needsHash' });
  });

  it('answers missing for an object that never arrived', async () => {
    const props = await upload(Buffer.alloc(64), { put: false });
    expect(await verifyUpload(props)).toEqual({ kind: 'missing' });
    expect(await checkUpload(props)).toEqual({ kind: 'missing' });
  });

  it('answers mismatch when the stored size is not the declared one', async () => {
    const props = await upload(Buffer.from('twelve bytes'));
    expect(await verifyUpload({ ...props, size: 13 })).toEqual({
      kind: 'mismatch',
      reason: 'stored 12 bytes, declared 13',
    });
  });
});
