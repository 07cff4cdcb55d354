import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AppError } from '../../../internal/errors';
import { expectProblem, expectServiceError } from '../../testing/expect-problem';
import { fileMessage } from '../../testing/messages';
import { createTestGateway } from '../../testing/test-gateway';

const userId = randomUUID();
const fileId = '3a7d9c1e-5b2f-4e8a-b6c4-0d1e2f3a4b5c';
const sha256 = 'a'.repeat(64);
const expiresAt = new Date('2026-01-02T04:04:05.000Z');
const upload = { name: 'movie.mp4', size: 1024, contentType: 'video/mp4', sha256 };

describe('/v1/uploads', () => {
  it('starts an upload with 201 and the presigned PUT with the headers to send', async () => {
    const requests: unknown[] = [];
    const gateway = await createTestGateway({
      files: {
        createUpload: (request) => {
          requests.push({
            userId: request.userId,
            size: request.size,
            sha256Hex: request.sha256Hex,
            folderId: request.folderId,
          });
          return {
            file: fileMessage({ id: fileId, name: request.name, size: request.size, status: 'pending' }),
            upload: {
              case: 'put',
              value: {
                url: 'https://s3.test/put',
                headers: { 'content-length': '1024', 'content-type': 'video/mp4' },
              },
            },
            expiresAt: timestampFromDate(expiresAt),
          };
        },
      },
    });
    const response = await gateway.request('POST', '/v1/uploads', {
      token: await gateway.tokenFor(userId),
      body: upload,
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      file: expect.objectContaining({ id: fileId, status: 'pending', size: 1024 }),
      upload: {
        method: 'PUT',
        url: 'https://s3.test/put',
        headers: { 'content-length': '1024', 'content-type': 'video/mp4' },
        expiresAt: expiresAt.toISOString(),
      },
    });
    expect(requests).toEqual([{ userId, size: 1024n, sha256Hex: sha256, folderId: '' }]);
  });

  it('answers a multipart upload with its part size and count', async () => {
    const gateway = await createTestGateway({
      files: {
        createUpload: () => ({
          file: fileMessage({ status: 'pending' }),
          upload: {
            case: 'multipart',
            value: { uploadId: 'u-1', partSize: 64n * 1024n ** 2n, partCount: 3 },
          },
          expiresAt: timestampFromDate(expiresAt),
        }),
      },
    });
    const response = await gateway.request('POST', '/v1/uploads', {
      token: await gateway.tokenFor(userId),
      body: { ...upload, size: 150 * 1024 ** 2 },
    });
    expect(response.body.upload).toEqual({
      uploadId: 'u-1',
      partSize: 64 * 1024 ** 2,
      partCount: 3,
      expiresAt: expiresAt.toISOString(),
    });
  });

  it('returns 400 naming every bad field of the upload', async () => {
    const gateway = await createTestGateway({ files: {} });
    const response = await gateway.request('POST', '/v1/uploads', {
      token: await gateway.tokenFor(userId),
      body: { name: '', size: -1, contentType: 'video', folderId: 'x', sha256: 'ABC' },
    });
    expectProblem(response, {
      status: 400,
      code: 'invalid_argument',
      fields: ['body.contentType', 'body.folderId', 'body.name', 'body.sha256', 'body.size'],
    });
  });

  it.each([
    [
      'over the plan’s max file size',
      413,
      new AppError('payload_too_large', 'the file is larger than your plan allows (10 bytes)'),
    ],
    [
      'over the quota',
      403,
      new AppError('quota_exceeded', 'the file does not fit in your remaining storage (5 bytes free)'),
    ],
  ])('maps an upload %s to %i with the service’s code', async (_case, status, error) => {
    const gateway = await createTestGateway({
      files: {
        createUpload: () => {
          throw error;
        },
      },
    });
    const response = await gateway.request('POST', '/v1/uploads', {
      token: await gateway.tokenFor(userId),
      body: upload,
    });
    expect(response.status).toBe(status);
    expectServiceError(response, error);
  });

  it('presigns parts, passing the part numbers on', async () => {
    const gateway = await createTestGateway({
      files: {
        presignUploadParts: (request) => ({
          parts: request.partNumbers.map((partNumber) => ({
            partNumber,
            url: `https://s3.test/part/${partNumber}`,
          })),
        }),
      },
    });
    const response = await gateway.request('POST', `/v1/uploads/${fileId}/parts`, {
      token: await gateway.tokenFor(userId),
      body: { partNumbers: [1, 2] },
    });
    expect(response.body).toEqual({
      parts: [
        { partNumber: 1, url: 'https://s3.test/part/1' },
        { partNumber: 2, url: 'https://s3.test/part/2' },
      ],
    });
  });

  it('returns 400 for part numbers outside 1–10000 or an empty list', async () => {
    const gateway = await createTestGateway({ files: {} });
    const token = await gateway.tokenFor(userId);
    for (const partNumbers of [[], [0], [10_001]]) {
      const response = await gateway.request('POST', `/v1/uploads/${fileId}/parts`, {
        token,
        body: { partNumbers },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toMatch(/^body\.partNumbers/);
    }
  });

  it('completes with 200 and the ready file, and passes a not-arrived-yet conflict through', async () => {
    const notArrived = new AppError(
      'upload_not_arrived',
      'the object has not arrived in storage yet; upload it, then complete',
    );
    let arrived = false;
    const gateway = await createTestGateway({
      files: {
        completeUpload: () => {
          if (!arrived) throw notArrived;
          return { file: fileMessage({ id: fileId, status: 'ready' }) };
        },
      },
    });
    const token = await gateway.tokenFor(userId);
    expectServiceError(
      await gateway.request('POST', `/v1/uploads/${fileId}/complete`, { token, body: {} }),
      notArrived,
    );
    arrived = true;
    const done = await gateway.request('POST', `/v1/uploads/${fileId}/complete`, { token, body: {} });
    expect(done.status).toBe(200);
    expect(done.body.file).toMatchObject({ id: fileId, status: 'ready' });
  });

  it('aborts with 204', async () => {
    const gateway = await createTestGateway({ files: { abortUpload: () => ({}) } });
    const response = await gateway.request('DELETE', `/v1/uploads/${fileId}`, {
      token: await gateway.tokenFor(userId),
    });
    expect(response.status).toBe(204);
  });

  it.each([
    ['POST', '/v1/uploads'],
    ['POST', `/v1/uploads/${fileId}/parts`],
    ['POST', `/v1/uploads/${fileId}/complete`],
    ['DELETE', `/v1/uploads/${fileId}`],
  ])('returns 401 for %s %s without a token', async (method, path) => {
    const gateway = await createTestGateway({ files: {} });
    expectProblem(await gateway.request(method, path, { body: {} }), {
      status: 401,
      code: 'unauthenticated',
    });
  });
});
