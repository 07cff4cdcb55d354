import { Client } from 'minio';
import { presignPath, presignUrl, uriEncode } from './sigv4';

// AWS's published example ("Authenticating Requests: Using Query Parameters",
// S3 API reference): GET examplebucket/test.txt for 86400 s from
// 2013-05-24T00:00:00Z with the documentation's example credentials.
const AWS_EXAMPLE = {
  method: 'GET',
  endpoint: 'https://examplebucket.s3.amazonaws.com',
  path: '/test.txt',
  region: 'us-east-1',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  expiresInSeconds: 86400,
  now: new Date('2013-05-24T00:00:00Z'),
};

const LOCAL = {
  endpoint: 'http://127.0.0.1:19000',
  region: 'us-east-1',
  accessKey: 'streamhub',
  secretKey: 'streamhub-secret',
  bucket: 'streamhub',
  expiresInSeconds: 900,
  now: new Date('2026-03-01T12:34:56.789Z'),
};

const signature = (url: string) => new URL(url).searchParams.get('X-Amz-Signature');

describe('presignPath', () => {
  it('reproduces the presigned URL of AWS’s documented example byte for byte', () => {
    expect(presignPath(AWS_EXAMPLE)).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt' +
        '?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
        '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });

  it('refuses an expiry S3 would not accept', () => {
    for (const expiresInSeconds of [0, -1, 1.5, 7 * 24 * 3600 + 1])
      expect(() => presignPath({ ...AWS_EXAMPLE, expiresInSeconds })).toThrow(RangeError);
    expect(() => presignPath({ ...AWS_EXAMPLE, expiresInSeconds: 7 * 24 * 3600 })).not.toThrow();
  });
});

describe('presignUrl', () => {
  it('addresses the object path-style under the endpoint, escaping the key but not its slashes', () => {
    const url = new URL(presignUrl({ ...LOCAL, method: 'PUT', key: 'users/a b/(1)/résumé.pdf' }));
    expect(url.origin).toBe('http://127.0.0.1:19000');
    expect(url.pathname).toBe('/streamhub/users/a%20b/%281%29/r%C3%A9sum%C3%A9.pdf');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260301T123456Z');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
  });

  it('signs the same URL minio-js does when only host is signed', async () => {
    const minio = new Client({
      endPoint: '127.0.0.1',
      port: 19000,
      useSSL: false,
      accessKey: LOCAL.accessKey,
      secretKey: LOCAL.secretKey,
      region: LOCAL.region,
    });
    const key = 'users/8d5e2c4c-6f0e-4a57-9c1e-0b6f3f1f4a10/a b+c/1';
    const query = { 'response-content-disposition': "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf" };
    // minio-js asks S3 for nothing when its region is configured.
    const theirs = await minio.presignedUrl(
      'GET',
      LOCAL.bucket,
      key,
      LOCAL.expiresInSeconds,
      query,
      LOCAL.now,
    );
    const ours = presignUrl({ ...LOCAL, method: 'GET', key, query });
    expect(new URL(ours).pathname).toBe(new URL(theirs).pathname);
    expect(signature(ours)).toBe(signature(theirs));
  });

  it('lists extra headers, lower-cased and sorted, among the signed ones', () => {
    const url = new URL(
      presignUrl({
        ...LOCAL,
        method: 'PUT',
        key: 'k',
        signedHeaders: {
          'X-Amz-Checksum-Sha256': 'abc=',
          'Content-Type': 'text/plain',
          'Content-Length': '5',
        },
      }),
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host;x-amz-checksum-sha256',
    );
  });

  it('gives a different signature for a different value of any signed header', () => {
    const base = { ...LOCAL, method: 'PUT', key: 'k' };
    const headers = { 'content-length': '5', 'content-type': 'text/plain', 'x-amz-checksum-sha256': 'abc=' };
    const reference = signature(presignUrl({ ...base, signedHeaders: headers }));
    for (const [name, value] of [
      ['content-length', '6'],
      ['content-type', 'text/html'],
      ['x-amz-checksum-sha256', 'abd='],
    ] as const)
      expect(signature(presignUrl({ ...base, signedHeaders: { ...headers, [name]: value } }))).not.toBe(
        reference,
      );
    // Values are compared after trimming and folding spaces, as S3 does.
    expect(
      signature(presignUrl({ ...base, signedHeaders: { ...headers, 'content-type': '  text/plain ' } })),
    ).toBe(reference);
  });

  it('signs extra query parameters, so a changed part number is a different signature', () => {
    const base = { ...LOCAL, method: 'PUT', key: 'k' };
    const one = presignUrl({ ...base, query: { partNumber: '1', uploadId: 'up/1+2' } });
    const two = presignUrl({ ...base, query: { partNumber: '2', uploadId: 'up/1+2' } });
    expect(new URL(one).searchParams.get('uploadId')).toBe('up/1+2');
    expect(signature(one)).not.toBe(signature(two));
  });

  it('refuses a host header or a query parameter that would collide with its own', () => {
    expect(() => presignUrl({ ...LOCAL, method: 'GET', key: 'k', signedHeaders: { Host: 'evil' } })).toThrow(
      /host/,
    );
    expect(() => presignUrl({ ...LOCAL, method: 'GET', key: 'k', query: { 'X-Amz-Expires': '1' } })).toThrow(
      /collide/,
    );
  });
});

describe('uriEncode', () => {
  it('escapes everything but unreserved characters, upper-case hex', () => {
    expect(uriEncode("résumé 2026 (1)!*'.pdf~")).toBe('r%C3%A9sum%C3%A9%202026%20%281%29%21%2A%27.pdf~');
    expect(uriEncode('a/b')).toBe('a%2Fb');
    expect(uriEncode('a/b', { keepSlashes: true })).toBe('a/b');
  });
});
