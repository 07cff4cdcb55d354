import { CompleteMultipartUploadCommand, ListPartsCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { AppError } from '../../internal/errors';
import { createAwsS3Client } from '../../internal/s3-client';
import { ObjectStore } from '../s3/object-store';
import { completeMultipartUpload } from './complete-multipart-upload';

const SETTINGS = {
  endpoint: 'http://127.0.0.1:19000',
  region: 'us-east-1',
  accessKey: 'a',
  secretKey: 'b',
  bucket: 'streamhub',
};
const OBJECT = {
  userId: '8d5e2c4c-6f0e-4a57-9c1e-0b6f3f1f4a10',
  fileId: '0190f6a1-7b2c-7d3e-8f40-123456789abc',
  version: 2,
};
const PARTS = [
  { partNumber: 2, etag: 'b' },
  { partNumber: 1, etag: 'a' },
];

/** Deps whose S3 client hands every request to `complete` instead of sending it. */
function depsAnswering(complete: jest.Mock) {
  const client = createAwsS3Client(SETTINGS);
  jest.spyOn(client, 'send').mockImplementation(async (command) => complete(command));
  return { objects: new ObjectStore(SETTINGS, client) };
}

/** What the SDK throws for an S3 error response with this code. */
function s3Error(code: string): S3ServiceException {
  return new S3ServiceException({ name: code, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('completeMultipartUpload', () => {
  it('hands S3 the parts in ascending order and returns the unquoted ETag', async () => {
    const complete = jest.fn(async () => ({ ETag: '"abc-2"', VersionId: 'v1' }));
    const result = await completeMultipartUpload({
      deps: depsAnswering(complete),
      object: OBJECT,
      uploadId: 'up-1',
      parts: PARTS,
    });
    expect(result).toEqual({ etag: 'abc-2' });
    expect(complete).toHaveBeenCalledTimes(1);
    const [command] = complete.mock.calls[0] as unknown[];
    expect(command).toBeInstanceOf(CompleteMultipartUploadCommand);
    expect((command as CompleteMultipartUploadCommand).input).toEqual({
      Bucket: 'streamhub',
      Key: `users/${OBJECT.userId}/${OBJECT.fileId}/2`,
      UploadId: 'up-1',
      MultipartUpload: {
        Parts: [
          { PartNumber: 1, ETag: 'a' },
          { PartNumber: 2, ETag: 'b' },
        ],
      },
    });
  });

  it('answers multipart_upload_not_found for an upload S3 no longer knows', async () => {
    const complete = jest.fn(async () => Promise.reject(s3Error('NoSuchUpload')));
    const error = await failure(
      completeMultipartUpload({
        deps: depsAnswering(complete),
        object: OBJECT,
        uploadId: 'up-1',
        parts: PARTS,
      }),
    );
    expect(error.code).toBe('multipart_upload_not_found');
  });

  it('answers upload_parts_rejected when S3 rejects the parts', async () => {
    for (const code of ['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall']) {
      const complete = jest.fn(async () => Promise.reject(s3Error(code)));
      const error = await failure(
        completeMultipartUpload({
          deps: depsAnswering(complete),
          object: OBJECT,
          uploadId: 'up-1',
          parts: PARTS,
        }),
      );
      expect(error.code).toBe('upload_parts_rejected');
      expect(error.fields[0]?.field).toBe('parts');
    }
  });

  it('checks the stored parts against the declared layout first, and assembles nothing on a mismatch', async () => {
    const listed = (sizes: number[]) => ({
      Parts: sizes.map((size, index) => ({ PartNumber: index + 1, Size: size })),
      IsTruncated: false,
    });
    for (const [sizes, problem] of [
      [[17, 16], 'part 1 holds 17 bytes, the upload declared 16'],
      [[16], 'expected parts 1 to 2, stored 1'],
      [[16, 4], 'part 2 holds 4 bytes, the upload declared 5'],
    ] as const) {
      const s3 = jest.fn(async (command: unknown) =>
        command instanceof ListPartsCommand ? listed([...sizes]) : { ETag: '"x-2"' },
      );
      const error = await failure(
        completeMultipartUpload({
          deps: depsAnswering(s3),
          object: OBJECT,
          uploadId: 'up-1',
          parts: PARTS,
          size: 21,
          partSize: 16,
        }),
      );
      expect(error.code).toBe('upload_parts_rejected');
      expect(error.detail).toContain(problem);
      expect(s3.mock.calls.some(([command]) => command instanceof CompleteMultipartUploadCommand)).toBe(
        false,
      );
    }
    const s3 = jest.fn(async (command: unknown) =>
      command instanceof ListPartsCommand ? listed([16, 5]) : { ETag: '"x-2"' },
    );
    await expect(
      completeMultipartUpload({
        deps: depsAnswering(s3),
        object: OBJECT,
        uploadId: 'up-1',
        parts: PARTS,
        size: 21,
        partSize: 16,
      }),
    ).resolves.toEqual({ etag: 'x-2' });
  });

  it('lets other S3 failures through as they are (they are outages, not caller mistakes)', async () => {
    const outage = new Error('connect ECONNREFUSED');
    const complete = jest.fn(async () => Promise.reject(outage));
    await expect(
      completeMultipartUpload({
        deps: depsAnswering(complete),
        object: OBJECT,
        uploadId: 'up-1',
        parts: PARTS,
      }),
    ).rejects.toBe(outage);
  });

  it('refuses empty, duplicate or unnumbered parts and a malformed upload id without calling S3', async () => {
    const complete = jest.fn();
    for (const [uploadId, parts] of [
      ['up-1', []],
      ['up-1', [PARTS[0]!, PARTS[0]!]],
      ['up-1', [{ partNumber: 0, etag: 'a' }]],
      ['up-1', [{ partNumber: 1, etag: '' }]],
      ['up-1&x=1', PARTS],
    ] as const) {
      const error = await failure(
        completeMultipartUpload({
          deps: depsAnswering(complete),
          object: OBJECT,
          uploadId,
          parts: [...parts],
        }),
      );
      expect(error.code).toBe('invalid_argument');
    }
    expect(complete).not.toHaveBeenCalled();
  });
});
