import { randomUUID } from 'node:crypto';
import { AppError } from '../../../internal/errors';
import { expectProblem, expectServiceError } from '../../testing/expect-problem';
import { folderMessage } from '../../testing/messages';
import { createTestGateway } from '../../testing/test-gateway';

const userId = randomUUID();
const folderId = '8d3f6c1a-7e2b-4f5d-a9c0-1b2e3d4f5a6b';
const parentId = '2c4e6a8b-1d3f-4a5c-8e7f-9a0b1c2d3e4f';

describe('/v1/folders', () => {
  it('creates a folder with 201, at the root when no parent is given', async () => {
    const requests: unknown[] = [];
    const gateway = await createTestGateway({
      files: {
        createFolder: (request) => {
          requests.push({ userId: request.userId, name: request.name, parentId: request.parentId });
          return { folder: folderMessage({ id: folderId, name: request.name, parentId: request.parentId }) };
        },
      },
    });
    const response = await gateway.request('POST', '/v1/folders', {
      token: await gateway.tokenFor(userId),
      body: { name: 'Photos' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: folderId,
      name: 'Photos',
      parentId: null,
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(requests).toEqual([{ userId, name: 'Photos', parentId: '' }]);
  });

  it('returns 400 naming the name and the parent for a bad folder', async () => {
    const gateway = await createTestGateway({ files: {} });
    const response = await gateway.request('POST', '/v1/folders', {
      token: await gateway.tokenFor(userId),
      body: { name: 'a/b', parentId: 'root' },
    });
    expectProblem(response, {
      status: 400,
      code: 'invalid_argument',
      fields: ['body.name', 'body.parentId'],
    });
  });

  it('maps a name clash from the files service to 409 with its code', async () => {
    const clash = new AppError('name_taken', 'a file or folder with this name already exists in that folder');
    const gateway = await createTestGateway({
      files: {
        createFolder: () => {
          throw clash;
        },
      },
    });
    expectServiceError(
      await gateway.request('POST', '/v1/folders', {
        token: await gateway.tokenFor(userId),
        body: { name: 'Photos' },
      }),
      clash,
    );
  });

  it('maps a move into a subfolder to 400 with the service’s detail', async () => {
    const cycle = new AppError('folder_cycle', 'a folder cannot move into itself or one of its subfolders');
    const gateway = await createTestGateway({
      files: {
        updateFolder: () => {
          throw cycle;
        },
      },
    });
    const response = await gateway.request('PATCH', `/v1/folders/${folderId}`, {
      token: await gateway.tokenFor(userId),
      body: { parentId },
    });
    expectServiceError(response, cycle);
  });

  it('moves to the root with parentId null', async () => {
    const parents: Array<string | undefined> = [];
    const gateway = await createTestGateway({
      files: {
        updateFolder: (request) => {
          parents.push(request.parentId);
          return { folder: folderMessage({ id: folderId }) };
        },
      },
    });
    const response = await gateway.request('PATCH', `/v1/folders/${folderId}`, {
      token: await gateway.tokenFor(userId),
      body: { parentId: null },
    });
    expect(response.status).toBe(200);
    expect(parents).toEqual(['']);
  });

  it('returns 404 for another user’s folder, as the files service decides', async () => {
    const missing = new AppError('folder_not_found', 'folder not found');
    const gateway = await createTestGateway({
      files: {
        getFolder: () => {
          throw missing;
        },
      },
    });
    expectServiceError(
      await gateway.request('GET', `/v1/folders/${folderId}`, { token: await gateway.tokenFor(userId) }),
      missing,
    );
  });

  it('trashes a folder with 202 and how many files went to the trash', async () => {
    const gateway = await createTestGateway({ files: { trashFolder: () => ({ files: 7 }) } });
    const response = await gateway.request('DELETE', `/v1/folders/${folderId}`, {
      token: await gateway.tokenFor(userId),
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ files: 7 });
  });

  it('lists the root by default, by name, and passes a parent, search and sort through', async () => {
    const requests: unknown[] = [];
    const gateway = await createTestGateway({
      files: {
        listFolders: (request) => {
          const { userId: caller, parentId: parent, query, sort, limit, cursor } = request;
          requests.push({ caller, parent, query, sort, limit, cursor });
          return { folders: [folderMessage({ id: folderId, parentId: request.parentId })], nextCursor: '' };
        },
      },
    });
    const token = await gateway.tokenFor(userId);
    const root = await gateway.request('GET', '/v1/folders', { token });
    expect(root.status).toBe(200);
    expect(root.body).toEqual({
      items: [expect.objectContaining({ id: folderId, parentId: null })],
      nextCursor: null,
    });
    await gateway.request('GET', `/v1/folders?parentId=${parentId}&q=pho&sort=-createdAt&limit=5`, { token });
    expect(requests).toEqual([
      { caller: userId, parent: '', query: '', sort: 'name', limit: 50, cursor: '' },
      { caller: userId, parent: parentId, query: 'pho', sort: '-createdAt', limit: 5, cursor: '' },
    ]);
  });

  it.each([
    ['GET', '/v1/folders'],
    ['POST', '/v1/folders'],
    ['GET', `/v1/folders/${folderId}`],
    ['PATCH', `/v1/folders/${folderId}`],
    ['DELETE', `/v1/folders/${folderId}`],
  ])('returns 401 for %s %s without a token', async (method, path) => {
    const gateway = await createTestGateway({ files: {} });
    expectProblem(await gateway.request(method, path), { status: 401, code: 'unauthenticated' });
  });

  it('returns 400 for a folder id that is not a UUID', async () => {
    const gateway = await createTestGateway({ files: {} });
    const response = await gateway.request('GET', '/v1/folders/123', {
      token: await gateway.tokenFor(userId),
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['path.id'] });
  });
});
