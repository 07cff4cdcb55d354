import { randomUUID } from 'node:crypto';
import { AppError } from '../../internal/errors';
import { routeErrorCodes } from '../route-errors';
import { ROUTES } from '../routes';
import { expectProblem } from '../testing/expect-problem';
import { createTestGateway } from '../testing/test-gateway';

const fileId = randomUUID();
const folderId = randomUUID();

// Each creation route with a body that passes validation. The fake backend
// answers 404, so a request that got past the limiter is easy to tell from one
// it stopped (429), and the backend counts what reached it.
const CREATIONS = {
  upload: ['POST', '/v1/uploads', { name: 'a.txt', size: 1, contentType: 'text/plain' }],
  version: ['POST', `/v1/files/${fileId}/versions`, { size: 1, contentType: 'text/plain' }],
  folder: ['POST', '/v1/folders', { name: 'Projects' }],
  fileShare: ['POST', `/v1/files/${fileId}/shares`, { email: 'ada@example.test', role: 'viewer' }],
  folderShare: ['POST', `/v1/folders/${folderId}/shares`, { email: 'ada@example.test', role: 'viewer' }],
  link: ['POST', `/v1/files/${fileId}/links`, {}],
} as const;

async function gatewayWithLimits(env: Record<string, string>) {
  const reached: string[] = [];
  const refuse = (name: string) => () => {
    reached.push(name);
    throw new AppError('file_not_found', 'file not found');
  };
  const gateway = await createTestGateway(
    {
      files: {
        createUpload: refuse('upload'),
        createFolder: refuse('folder'),
        createShare: refuse('share'),
        createLink: refuse('link'),
      },
    },
    { env },
  );
  const send = async (creation: keyof typeof CREATIONS, token: string) => {
    const [method, path, body] = CREATIONS[creation];
    return gateway.request(method, path, { token, body });
  };
  return { gateway, reached, send };
}

describe('per-user limits on creations', () => {
  it('answers 429 rate_limited with Retry-After once a user creates more folders a minute than allowed', async () => {
    const { gateway, reached, send } = await gatewayWithLimits({ WRITE_RATE_FOLDERS_PER_MINUTE: '2' });
    const token = await gateway.tokenFor(randomUUID());
    expect((await send('folder', token)).status).toBe(404);
    expect((await send('folder', token)).status).toBe(404);
    const limited = await send('folder', token);
    expectProblem(limited, { status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['ratelimit-limit']).toBe('2');
    expect(reached).toEqual(['folder', 'folder']);
    // Another user has a bucket of their own.
    expect((await send('folder', await gateway.tokenFor(randomUUID()))).status).toBe(404);
  });

  it('counts new files and new versions in one bucket, shares and links in another', async () => {
    const { gateway, reached, send } = await gatewayWithLimits({
      WRITE_RATE_UPLOADS_PER_MINUTE: '2',
      WRITE_RATE_SHARES_PER_MINUTE: '2',
    });
    const token = await gateway.tokenFor(randomUUID());
    expect((await send('upload', token)).status).toBe(404);
    expect((await send('version', token)).status).toBe(404);
    expectProblem(await send('upload', token), { status: 429, code: 'rate_limited' });
    expectProblem(await send('version', token), { status: 429, code: 'rate_limited' });
    expect((await send('fileShare', token)).status).toBe(404);
    expect((await send('link', token)).status).toBe(404);
    expectProblem(await send('folderShare', token), { status: 429, code: 'rate_limited' });
    expectProblem(await send('link', token), { status: 429, code: 'rate_limited' });
    // Folders have their own, untouched bucket.
    expect((await send('folder', token)).status).toBe(404);
    // A new version is a createUpload with the file's id.
    expect(reached).toEqual(['upload', 'upload', 'share', 'link', 'folder']);
  });

  it('has defaults no person or sync client reaches: 600 uploads, 300 folders, 120 shares and links a minute', async () => {
    const { gateway, send } = await gatewayWithLimits({});
    const token = await gateway.tokenFor(randomUUID());
    const limited = await send('upload', token);
    expect(limited.headers['ratelimit-limit']).toBe('600');
    expect((await send('folder', token)).headers['ratelimit-limit']).toBe('300');
    expect((await send('link', token)).headers['ratelimit-limit']).toBe('120');
  });

  it('documents rate_limited on exactly the limited routes of the document', () => {
    const limited = ROUTES.filter((route) => route.writeLimit).map((route) => route.operationId);
    expect(limited.sort()).toEqual(
      [
        'createFileShare',
        'createFolder',
        'createFolderShare',
        'createLink',
        'createUpload',
        'createVersion',
      ].sort(),
    );
    for (const route of ROUTES.filter((candidate) => candidate.writeLimit))
      expect(routeErrorCodes(route)).toContain('rate_limited');
  });
});
