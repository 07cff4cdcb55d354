import { signUpUser, type ApiUser } from '../internal/testing/api-users';
import { apiClient, type JsonResponse } from '../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';
import { OpenApiConformance } from './testing/openapi-conformance';

/**
 * The per-user creation limits (Redis, shared by every gateway process) and
 * the maximum folder depth, against the real platform with low settings;
 * each refusal must also be what /openapi.json documents.
 */
describe('limits on what one user creates', () => {
  let app: TestPlatform;
  let conformance: OpenApiConformance;

  beforeAll(async () => {
    app = await startTestPlatform({
      env: {
        WRITE_RATE_UPLOADS_PER_MINUTE: '3',
        WRITE_RATE_FOLDERS_PER_MINUTE: '6',
        WRITE_RATE_SHARES_PER_MINUTE: '2',
        MAX_FOLDER_DEPTH: '3',
      },
    });
    conformance = new OpenApiConformance((await apiClient(app.baseUrl)('GET', '/openapi.json')).body);
  });

  afterAll(async () => {
    await app?.stop();
  });

  async function send(user: ApiUser, method: string, path: string, body?: unknown): Promise<JsonResponse> {
    const response = await user.call(method, path, body === undefined ? {} : { body });
    conformance.check(method, path, response);
    return response;
  }

  const upload = (user: ApiUser, name: string) =>
    send(user, 'POST', '/v1/uploads', { name, size: 1, contentType: 'text/plain' });

  // The buckets are fixed one-minute windows: a sequence that must end in a 429 starts early in one.
  async function freshWindow(): Promise<void> {
    const intoMinute = (Date.now() / 1000) % 60;
    if (intoMinute > 45) await new Promise((resolve) => setTimeout(resolve, (60 - intoMinute) * 1000 + 200));
  }

  it('answers 429 rate_limited with Retry-After past the uploads a minute, per user, whatever the address', async () => {
    const user = await signUpUser(app.baseUrl, 'writes');
    await freshWindow();
    const created = await upload(user, 'a.txt');
    expect(created.status).toBe(201);
    expect((await upload(user, 'b.txt')).status).toBe(201);
    // A new version counts with new files (refused here, the file is still pending, but counted).
    const version = await send(user, 'POST', `/v1/files/${created.body.file.id}/versions`, {
      size: 1,
      contentType: 'text/plain',
    });
    expect(version.status).not.toBe(429);
    const limited = await upload(user, 'c.txt');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The bucket is the user's: another address does not help, another user is not affected.
    const fromElsewhere = await apiClient(app.baseUrl)('POST', '/v1/uploads', {
      token: (
        await apiClient(app.baseUrl)('POST', '/v1/auth/login', {
          body: { email: user.email, password: user.password },
        })
      ).body.accessToken,
      body: { name: 'd.txt', size: 1, contentType: 'text/plain' },
    });
    expect(fromElsewhere.status).toBe(429);
    expect((await upload(await signUpUser(app.baseUrl, 'other'), 'a.txt')).status).toBe(201);
    expect(conformance.failures).toEqual([]);
  });

  it('limits shares and links together', async () => {
    const user = await signUpUser(app.baseUrl, 'sharer');
    await freshWindow();
    const folder = await send(user, 'POST', '/v1/folders', { name: 'Shared' });
    expect(folder.status).toBe(201);
    const share = (email: string) =>
      send(user, 'POST', `/v1/folders/${folder.body.id}/shares`, { email, role: 'viewer' });
    expect((await share('a@example.test')).status).toBe(201);
    expect((await share('b@example.test')).status).toBe(201);
    expect((await share('c@example.test')).status).toBe(429);
    expect(conformance.failures).toEqual([]);
  });

  it('refuses a folder below MAX_FOLDER_DEPTH, and a move that would sink a subtree below it, with 409 folder_too_deep', async () => {
    const user = await signUpUser(app.baseUrl, 'nester');
    const folder = async (name: string, parentId?: string) => {
      const created = await send(user, 'POST', '/v1/folders', { name, parentId });
      return created;
    };
    const top = await folder('one');
    const middle = await folder('two', top.body.id);
    const bottom = await folder('three', middle.body.id);
    expect(bottom.status).toBe(201);
    const refused = await folder('four', bottom.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('folder_too_deep');
    const other = await folder('other');
    const otherChild = await folder('other-child', other.body.id);
    expect(otherChild.status).toBe(201);
    // other (2 levels high) under middle (depth 2) would end at depth 4.
    const moved = await send(user, 'PATCH', `/v1/folders/${other.body.id}`, { parentId: middle.body.id });
    expect(moved.status).toBe(409);
    expect(moved.body.code).toBe('folder_too_deep');
    expect(
      (await send(user, 'PATCH', `/v1/folders/${other.body.id}`, { parentId: top.body.id })).status,
    ).toBe(200);
    expect(conformance.failures).toEqual([]);
  });
});
