import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AppError } from '../../../internal/errors';
import { expectProblem, expectServiceError } from '../../testing/expect-problem';
import { fileMessage } from '../../testing/messages';
import { createTestGateway } from '../../testing/test-gateway';

const userId = randomUUID();
// Fixed, so test names stay the same from run to run.
const fileId = '5f0c7a52-3b1e-4c8e-9a4d-2f6b8e1d7c90';

describe('/v1/files', () => {
  it('lists the caller’s files with the filters translated for the files service', async () => {
    const requests: unknown[] = [];
    const gateway = await createTestGateway({
      files: {
        listFiles: (request) => {
          requests.push({
            userId: request.userId,
            folderId: request.folderId,
            starred: request.starred,
            sort: request.sort,
            limit: request.limit,
            view: request.view,
          });
          return { files: [fileMessage({ id: fileId, size: 2n ** 40n })], nextCursor: 'next' };
        },
      },
    });
    const response = await gateway.request(
      'GET',
      '/v1/files?folderId=root&starred=true&sort=-size&limit=10',
      {
        token: await gateway.tokenFor(userId),
      },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [expect.objectContaining({ id: fileId, size: 2 ** 40, folderId: null, status: 'ready' })],
      // The service's cursor, sealed by the gateway (list-cursors.ts).
      nextCursor: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
    });
    expect(requests).toEqual([
      { userId, folderId: '', starred: true, sort: '-size', limit: 10, view: 'all' },
    ]);
  });

  it('answers nextCursor null on the last page and uses limit 50 by default', async () => {
    let limit = 0;
    const gateway = await createTestGateway({
      files: {
        listFiles: (request) => {
          limit = request.limit;
          return { files: [], nextCursor: '' };
        },
      },
    });
    const response = await gateway.request('GET', '/v1/files', { token: await gateway.tokenFor(userId) });
    expect(response.body).toEqual({ items: [], nextCursor: null });
    expect(limit).toBe(50);
  });

  it('returns 400 naming every bad query parameter', async () => {
    const gateway = await createTestGateway({ files: {} });
    const response = await gateway.request('GET', '/v1/files?folderId=nope&sort=colour&limit=0&starred=yes', {
      token: await gateway.tokenFor(userId),
    });
    expectProblem(response, {
      status: 400,
      code: 'invalid_argument',
      fields: ['query.folderId', 'query.limit', 'query.sort', 'query.starred'],
    });
  });

  it('returns 400 for a limit over 100', async () => {
    const gateway = await createTestGateway({ files: {} });
    const response = await gateway.request('GET', '/v1/files/recent?limit=101', {
      token: await gateway.tokenFor(userId),
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['query.limit'] });
  });

  it('returns 400 for a file id that is not a UUID', async () => {
    const gateway = await createTestGateway({ files: {} });
    const response = await gateway.request('GET', '/v1/files/not-a-uuid', {
      token: await gateway.tokenFor(userId),
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['path.id'] });
  });

  it.each([
    ['GET', `/v1/files`],
    ['GET', `/v1/files/recent`],
    ['GET', `/v1/files/${fileId}`],
    ['PATCH', `/v1/files/${fileId}`],
    ['GET', `/v1/files/${fileId}/download`],
    ['DELETE', `/v1/files/${fileId}`],
    ['POST', `/v1/files/${fileId}/restore`],
    ['GET', `/v1/files/${fileId}/versions`],
    ['POST', `/v1/files/${fileId}/versions`],
    ['POST', `/v1/files/${fileId}/versions/1/restore`],
    ['GET', `/v1/trash`],
    ['DELETE', `/v1/trash`],
  ])('returns 401 for %s %s without a token', async (method, path) => {
    const gateway = await createTestGateway({ files: {} });
    expectProblem(await gateway.request(method, path, { body: method === 'GET' ? undefined : {} }), {
      status: 401,
      code: 'unauthenticated',
    });
  });

  it('asks for the file as the token’s user and maps the service’s not-found to 404', async () => {
    const missing = new AppError('file_not_found', 'file not found');
    const asked: string[] = [];
    const gateway = await createTestGateway({
      files: {
        getFile: (request) => {
          asked.push(request.userId);
          throw missing;
        },
      },
    });
    const response = await gateway.request('GET', `/v1/files/${fileId}`, {
      token: await gateway.tokenFor(userId),
    });
    expectServiceError(response, missing);
    expect(asked).toEqual([userId]);
  });

  it('renames and moves to the root (folderId null), and maps a name clash to 409', async () => {
    const clash = new AppError(
      'name_taken',
      'a file or folder with this name already exists in that folder',
      [],
    );
    const requests: unknown[] = [];
    const gateway = await createTestGateway({
      files: {
        updateFile: (request) => {
          requests.push({ name: request.name, folderId: request.folderId, starred: request.starred });
          if (request.name === 'taken.txt') throw clash;
          return { file: fileMessage({ id: fileId, name: request.name }) };
        },
      },
    });
    const token = await gateway.tokenFor(userId);
    const renamed = await gateway.request('PATCH', `/v1/files/${fileId}`, {
      token,
      body: { name: ' report.pdf ', folderId: null },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('report.pdf');
    expectServiceError(
      await gateway.request('PATCH', `/v1/files/${fileId}`, { token, body: { name: 'taken.txt' } }),
      clash,
    );
    expect(requests).toEqual([
      { name: 'report.pdf', folderId: '', starred: undefined },
      { name: 'taken.txt', folderId: undefined, starred: undefined },
    ]);
  });

  it.each([['a/b'], ['..'], ['tab\there'], ['']])('returns 400 for the file name %p', async (name) => {
    const gateway = await createTestGateway({ files: {} });
    const response = await gateway.request('PATCH', `/v1/files/${fileId}`, {
      token: await gateway.tokenFor(userId),
      body: { name },
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['body.name'] });
  });

  it('redirects a download with 302, or answers the URL as JSON with redirect=false', async () => {
    const expiresAt = new Date('2026-01-02T03:09:05.000Z');
    const gateway = await createTestGateway({
      files: {
        getDownloadUrl: () => ({
          url: 'https://s3.test/users/x?X-Amz-Signature=abc',
          expiresAt: timestampFromDate(expiresAt),
        }),
      },
    });
    const token = await gateway.tokenFor(userId);
    const redirect = await gateway.request('GET', `/v1/files/${fileId}/download`, { token });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe('https://s3.test/users/x?X-Amz-Signature=abc');
    expect(redirect.headers['cache-control']).toBe('no-store');
    const json = await gateway.request('GET', `/v1/files/${fileId}/download?redirect=false`, { token });
    expect(json.body).toEqual({
      url: 'https://s3.test/users/x?X-Amz-Signature=abc',
      expiresAt: expiresAt.toISOString(),
    });
  });
});

describe('/v1/trash and restoring', () => {
  const purgeAt = new Date('2026-02-01T03:04:05.000Z');

  it('trashes with 202 and the purge time', async () => {
    const gateway = await createTestGateway({
      files: {
        trashFile: () => ({
          file: fileMessage({ id: fileId, status: 'trashed', purgeAt: timestampFromDate(purgeAt) }),
        }),
      },
    });
    const response = await gateway.request('DELETE', `/v1/files/${fileId}`, {
      token: await gateway.tokenFor(userId),
    });
    expect(response.status).toBe(202);
    expect(response.body.file).toMatchObject({
      id: fileId,
      status: 'trashed',
      purgeAt: purgeAt.toISOString(),
    });
  });

  it('lists the trash through the trash view and empties it with 202 and a count', async () => {
    const views: string[] = [];
    const gateway = await createTestGateway({
      files: {
        listFiles: (request) => {
          views.push(request.view);
          return { files: [fileMessage({ status: 'trashed' })], nextCursor: '' };
        },
        emptyTrash: () => ({ files: 3 }),
      },
    });
    const token = await gateway.tokenFor(userId);
    const listed = await gateway.request('GET', '/v1/trash', { token });
    expect(listed.body.items).toHaveLength(1);
    expect(views).toEqual(['trash']);
    const emptied = await gateway.request('DELETE', '/v1/trash', { token });
    expect(emptied.status).toBe(202);
    expect(emptied.body).toEqual({ files: 3 });
  });

  it('passes a conflict on restore through with the service’s code and detail', async () => {
    const purging = new AppError(
      'restore_window_closed',
      'the file is already being purged and cannot be restored',
    );
    const gateway = await createTestGateway({
      files: {
        restoreFile: () => {
          throw purging;
        },
      },
    });
    expectServiceError(
      await gateway.request('POST', `/v1/files/${fileId}/restore`, { token: await gateway.tokenFor(userId) }),
      purging,
    );
  });

  it('returns 400 for a version that is not a positive integer', async () => {
    const gateway = await createTestGateway({ files: {} });
    const response = await gateway.request('POST', `/v1/files/${fileId}/versions/0/restore`, {
      token: await gateway.tokenFor(userId),
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['path.version'] });
  });
});
