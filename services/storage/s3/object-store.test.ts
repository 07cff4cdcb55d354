import { ObjectStore } from './object-store';

const settings = {
  endpoint: 'http://minio.internal:9000',
  region: 'us-east-1',
  accessKey: 'k',
  secretKey: 's',
  bucket: 'b',
};

describe('ObjectStore presigning', () => {
  it('signs client URLs for the public endpoint when one is set', () => {
    const store = new ObjectStore({ ...settings, publicEndpoint: 'https://files.example.test' });
    const put = store.presignPut({
      key: 'users/u/f/1',
      size: 3,
      contentType: 'text/plain',
      expiresInSeconds: 60,
    });
    expect(put.url.startsWith('https://files.example.test/b/users/u/f/1?')).toBe(true);
    expect(put.url).toContain('X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost');
  });

  it('signs for the S3 endpoint itself otherwise', () => {
    const put = new ObjectStore(settings).presignPut({
      key: 'users/u/f/1',
      size: 3,
      contentType: 'text/plain',
      expiresInSeconds: 60,
    });
    expect(put.url.startsWith('http://minio.internal:9000/b/users/u/f/1?')).toBe(true);
  });
});
