import { ObjectStore } from './object-store';

const settings = {
  endpoint: 'http://minio.internal:9000',
  region: 'eu-central-1',
  accessKey: 'k',
  secretKey: 's',
  bucket: 'b',
};
const SHA256 = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';

// Presigning is offline; what S3 does with these URLs is object-store.int.test.ts's job.
describe('ObjectStore presigning', () => {
  it('signs client URLs for the public endpoint when one is set', async () => {
    const store = new ObjectStore({ ...settings, publicEndpoint: 'https://files.example.test' });
    const put = await store.presignPut({
      key: 'users/u/f/1',
      size: 3,
      contentType: 'text/plain',
      expiresInSeconds: 60,
    });
    expect(put.url.startsWith('https://files.example.test/b/users/u/f/1?')).toBe(true);
    expect(new URL(put.url).searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host;if-none-match',
    );
  });

  it('signs for the S3 endpoint itself otherwise, path-style, in the configured region', async () => {
    const put = await new ObjectStore(settings).presignPut({
      key: 'users/u/f/1',
      size: 3,
      contentType: 'text/plain',
      expiresInSeconds: 60,
      now: new Date('2026-03-01T12:00:00Z'),
    });
    expect(put.url.startsWith('http://minio.internal:9000/b/users/u/f/1?')).toBe(true);
    const query = new URL(put.url).searchParams;
    expect(query.get('X-Amz-Credential')).toBe('k/20260301/eu-central-1/s3/aws4_request');
    expect(query.get('X-Amz-Date')).toBe('20260301T120000Z');
    expect(query.get('X-Amz-Expires')).toBe('60');
  });

  it('keeps the checksum a header the client sends, bound by the signature, not a query parameter', async () => {
    const put = await new ObjectStore(settings).presignPut({
      key: 'k',
      size: 0,
      contentType: 'application/octet-stream',
      sha256Hex: SHA256,
      expiresInSeconds: 60,
    });
    const query = new URL(put.url).searchParams;
    expect(query.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host;if-none-match;x-amz-checksum-sha256',
    );
    expect([...query.keys()].filter((name) => name.toLowerCase().startsWith('x-amz-checksum'))).toEqual([]);
    expect(put.headers).toEqual({
      'content-length': '0',
      'content-type': 'application/octet-stream',
      // Only while the key is empty: the URL cannot replace the stored object.
      'if-none-match': '*',
      'x-amz-checksum-sha256': Buffer.from(SHA256, 'hex').toString('base64'),
    });
  });

  it('signs a different URL for any other size, type or checksum', async () => {
    const store = new ObjectStore(settings);
    const now = new Date('2026-03-01T12:00:00Z');
    const declared = {
      key: 'k',
      size: 5,
      contentType: 'text/plain',
      sha256Hex: SHA256,
      expiresInSeconds: 60,
      now,
    };
    const signature = async (changes: Partial<typeof declared>) =>
      new URL((await store.presignPut({ ...declared, ...changes })).url).searchParams.get('X-Amz-Signature');
    const reference = await signature({});
    expect(reference).toMatch(/^[0-9a-f]{64}$/);
    expect(await signature({})).toBe(reference);
    for (const change of [
      { size: 6 },
      { contentType: 'text/html' },
      { sha256Hex: SHA256.replace('b9', 'c9') },
    ])
      expect(await signature(change)).not.toBe(reference);
  });

  it('signs part URLs carrying the part number and upload id, and GET URLs carrying the download name', async () => {
    const store = new ObjectStore(settings);
    const part = new URL(
      await store.presignPart({ key: 'k', uploadId: 'up/1+2', partNumber: 3, expiresInSeconds: 60 }),
    );
    expect(part.searchParams.get('uploadId')).toBe('up/1+2');
    expect(part.searchParams.get('partNumber')).toBe('3');
    expect(part.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    // With its size, a part URL binds Content-Length: no larger part gets in.
    const sized = new URL(
      await store.presignPart({ key: 'k', uploadId: 'u', partNumber: 1, size: 16, expiresInSeconds: 60 }),
    );
    expect(sized.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');

    const get = new URL(
      await store.presignGet({
        key: 'k',
        fileName: 'a b.pdf',
        contentType: 'application/pdf',
        expiresInSeconds: 60,
      }),
    );
    expect(get.searchParams.get('response-content-disposition')).toBe(
      "attachment; filename*=UTF-8''a%20b.pdf",
    );
    expect(get.searchParams.get('response-content-type')).toBe('application/pdf');
  });

  it('refuses an expiry S3 would not accept', async () => {
    const store = new ObjectStore(settings);
    for (const expiresInSeconds of [0, -1, 1.5, 7 * 24 * 3600 + 1])
      await expect(store.presignGet({ key: 'k', fileName: '', expiresInSeconds })).rejects.toThrow(
        RangeError,
      );
    await expect(
      store.presignGet({ key: 'k', fileName: '', expiresInSeconds: 7 * 24 * 3600 }),
    ).resolves.toContain('X-Amz-Expires=604800');
  });
});
