import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createAwsS3Client } from '../../internal/s3-client';
import { attachmentDisposition } from './content-disposition';
import { GetUrlSigner, type GetUrlSigning } from './get-url-signer';

// The SDK is the reference: our signer must produce its URL exactly, for any
// key, name, type, endpoint and time.
async function sdkUrl(settings: GetUrlSigning, get: Parameters<GetUrlSigner['sign']>[0]): Promise<string> {
  const client = createAwsS3Client(settings); // the client the storage service signed with before

  const command = new GetObjectCommand({
    Bucket: settings.bucket,
    Key: get.key,
    ResponseContentDisposition: get.responseContentDisposition,
    ResponseContentType: get.responseContentType,
  });
  return getSignedUrl(client, command, {
    expiresIn: get.expiresInSeconds,
    signingDate: get.now,
    signableHeaders: new Set(),
    unhoistableHeaders: new Set(),
  });
}

const minio: GetUrlSigning = {
  endpoint: 'http://127.0.0.1:19000',
  region: 'us-east-1',
  accessKey: 'streamhub',
  secretKey: 'streamhub-secret',
  bucket: 'streamhub-test',
};

describe('GetUrlSigner', () => {
  it.each([
    ['a plain key and name', 'users/u1/files/f1/v1', 'report.pdf', 'application/pdf'],
    [
      'a name with spaces, accents, quotes and a semicolon',
      'k/1',
      'résumé "2026"; final (v2).txt',
      'text/plain',
    ],
    ['no name and no type', 'k/2', '', ''],
    ['a key with characters S3 encodes', 'users/ü ser/a+b=c&d~e*f', 'x', 'image/svg+xml'],
  ])('signs what the AWS SDK signs for %s', async (_case, key, fileName, contentType) => {
    const get = {
      key,
      responseContentDisposition: attachmentDisposition(fileName),
      responseContentType: contentType || undefined,
      expiresInSeconds: 300,
      now: new Date('2026-11-30T14:13:11.123Z'),
    };
    expect(await new GetUrlSigner(minio).sign(get)).toBe(await sdkUrl(minio, get));
  });

  it('signs for another endpoint, default port, region and day with a new signing key', async () => {
    const settings = { ...minio, endpoint: 'https://s3.example.com', region: 'eu-west-3', bucket: 'drive' };
    const signer = new GetUrlSigner(settings);
    for (const now of [new Date('2026-12-31T23:59:59Z'), new Date('2027-01-01T00:00:00Z')]) {
      const get = { key: 'a/b', expiresInSeconds: 7 * 24 * 3600, now };
      expect(await signer.sign(get)).toBe(await sdkUrl(settings, get));
    }
  });

  it('changes the signature with the secret, the expiry and the time', async () => {
    const get = { key: 'k', expiresInSeconds: 60, now: new Date('2026-11-30T00:00:00Z') };
    const signature = (url: string) => new URL(url).searchParams.get('X-Amz-Signature');
    const base = signature(await new GetUrlSigner(minio).sign(get));
    expect(signature(await new GetUrlSigner({ ...minio, secretKey: 'other' }).sign(get))).not.toBe(base);
    expect(signature(await new GetUrlSigner(minio).sign({ ...get, expiresInSeconds: 61 }))).not.toBe(base);
    expect(
      signature(await new GetUrlSigner(minio).sign({ ...get, now: new Date('2026-11-30T00:00:01Z') })),
    ).not.toBe(base);
  });
});
