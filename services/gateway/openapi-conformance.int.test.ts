import { randomUUID } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { signUpAdmin } from '../internal/testing/api-users';
import { apiClient, uniqueEmail, type JsonResponse } from '../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';
import { OpenApiConformance } from './testing/openapi-conformance';

type Options = { body?: unknown; token?: string; headers?: Record<string, string> };

/**
 * Real answers of a running platform against the published /openapi.json: a
 * client generated from the document must be able to read every one of them.
 */
describe('answers conform to /openapi.json', () => {
  let app: TestPlatform;
  let db: Knex;
  let conformance: OpenApiConformance;
  let request: (method: string, url: string, options?: Options) => Promise<JsonResponse>;

  beforeAll(async () => {
    app = await startTestPlatform();
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
    const api = apiClient(app.baseUrl);
    const document = await api('GET', '/openapi.json');
    conformance = new OpenApiConformance(document.body);
    request = async (method, url, options) => {
      const response = await api(method, url, options);
      conformance.check(method, url, response);
      return response;
    };
  });

  afterAll(async () => {
    await db?.destroy();
    await app?.stop();
  });

  async function putObject(upload: { url: string; headers: Record<string, string> }, bytes: Buffer) {
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
    expect(put.status).toBe(200);
  }

  async function complete(token: string, fileId: string): Promise<JsonResponse> {
    // Until storage reports the object, complete answers 409 upload_not_arrived (documented too).
    for (let attempt = 0; ; attempt += 1) {
      const response = await request('POST', `/v1/uploads/${fileId}/complete`, { token, body: {} });
      if (response.body?.code !== 'upload_not_arrived' || attempt > 40) return response;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('for accounts, files, folders, versions, trash, shares, links, plans and their errors', async () => {
    const email = uniqueEmail('conformance');
    const password = 'correct horse battery';

    // Accounts and the operations around them.
    const signup = await request('POST', '/v1/auth/signup', { body: { email, password } });
    expect(signup.status).toBe(201);
    expect((await request('POST', '/v1/auth/signup', { body: { email, password } })).status).toBe(409);
    expect((await request('POST', '/v1/auth/signup', { body: {} })).status).toBe(400);
    const login = await request('POST', '/v1/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    expect(
      (await request('POST', '/v1/auth/login', { body: { email, password: 'wrong password!' } })).status,
    ).toBe(401);
    const refreshed = await request('POST', '/v1/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect(
      (await request('POST', '/v1/auth/logout', { body: { refreshToken: refreshed.body.refreshToken } }))
        .status,
    ).toBe(204);
    const token = signup.body.accessToken as string;
    expect((await request('GET', '/v1/me', { token })).status).toBe(200);
    expect((await request('GET', '/v1/me')).status).toBe(401);
    expect((await request('PATCH', '/v1/me', { token, body: { displayName: 'Conformance' } })).status).toBe(
      200,
    );
    expect((await request('GET', '/v1/plans')).status).toBe(200);
    expect([200, 404]).toContain((await request('GET', '/v1/subscription', { token })).status);
    expect((await request('GET', '/healthz')).status).toBe(200);
    expect((await request('GET', '/readyz')).status).toBe(200);
    expect((await request('GET', '/.well-known/jwks.json')).status).toBe(200);
    expect((await request('GET', '/openapi.json')).status).toBe(200);

    // Folders.
    const folder = await request('POST', '/v1/folders', { token, body: { name: 'Projects' } });
    expect(folder.status).toBe(201);
    expect((await request('POST', '/v1/folders', { token, body: { name: 'Projects' } })).status).toBe(409);
    const child = await request('POST', '/v1/folders', {
      token,
      body: { name: 'Child', parentId: folder.body.id },
    });
    expect(child.status).toBe(201);
    expect((await request('GET', `/v1/folders/${folder.body.id}`, { token })).status).toBe(200);
    expect(
      (await request('PATCH', `/v1/folders/${child.body.id}`, { token, body: { name: 'Renamed' } })).status,
    ).toBe(200);
    expect(
      (await request('PATCH', `/v1/folders/${folder.body.id}`, { token, body: { parentId: child.body.id } }))
        .status,
    ).toBe(400);
    expect((await request('GET', `/v1/folders/${randomUUID()}`, { token })).status).toBe(404);

    // An upload: create, complete too early, put, complete; then the file's reads.
    const bytes = Buffer.from('conformance bytes');
    const created = await request('POST', '/v1/uploads', {
      token,
      body: { name: 'notes.txt', size: bytes.length, contentType: 'text/plain', folderId: folder.body.id },
    });
    expect(created.status).toBe(201);
    expect((await request('GET', '/v1/me', { token })).body.usage.reservedBytes).toBe(bytes.length);
    const early = await request('POST', `/v1/uploads/${created.body.file.id}/complete`, { token, body: {} });
    expect(early.status).toBe(409);
    expect(
      (
        await request('POST', `/v1/uploads/${created.body.file.id}/parts`, {
          token,
          body: { partNumbers: [1] },
        })
      ).status,
    ).toBe(409);
    await putObject(created.body.upload, bytes);
    expect((await complete(token, created.body.file.id)).status).toBe(200);
    const fileId = created.body.file.id as string;
    expect((await request('GET', '/v1/files', { token })).status).toBe(200);
    expect((await request('GET', `/v1/files?folderId=${folder.body.id}&sort=-name`, { token })).status).toBe(
      200,
    );
    expect((await request('GET', '/v1/files?cursor=not-a-cursor', { token })).status).toBe(400);
    expect((await request('GET', '/v1/files/recent', { token })).status).toBe(200);
    expect((await request('GET', `/v1/files/${fileId}`, { token })).status).toBe(200);
    expect((await request('GET', `/v1/files/${randomUUID()}`, { token })).status).toBe(404);
    expect((await request('GET', `/v1/files/${fileId}`)).status).toBe(401);
    expect(
      (await request('PATCH', `/v1/files/${fileId}`, { token, body: { name: 'notes-2.txt', starred: true } }))
        .status,
    ).toBe(200);
    expect((await request('GET', `/v1/files/${fileId}/download?redirect=false`, { token })).status).toBe(200);
    expect((await request('GET', `/v1/files/${fileId}/download`, { token })).status).toBe(302);

    // A second upload, aborted.
    const aborted = await request('POST', '/v1/uploads', {
      token,
      body: { name: 'gone.txt', size: 3, contentType: 'text/plain' },
    });
    expect(aborted.status).toBe(201);
    expect((await request('DELETE', `/v1/uploads/${aborted.body.file.id}`, { token })).status).toBe(204);
    expect(
      (
        await request('POST', '/v1/uploads', {
          token,
          body: { name: 'notes-2.txt', size: 3, contentType: 'text/plain', folderId: folder.body.id },
        })
      ).status,
    ).toBe(409);

    // Versions.
    const version = await request('POST', `/v1/files/${fileId}/versions`, {
      token,
      body: { size: 5, contentType: 'text/plain' },
    });
    expect(version.status).toBe(201);
    expect(
      (
        await request('POST', `/v1/files/${fileId}/versions`, {
          token,
          body: { size: 5, contentType: 'text/plain' },
        })
      ).status,
    ).toBe(409);
    await putObject(version.body.upload, Buffer.from('v-two'));
    expect((await complete(token, fileId)).status).toBe(200);
    expect((await request('GET', `/v1/files/${fileId}/versions`, { token })).status).toBe(200);
    expect((await request('POST', `/v1/files/${fileId}/versions/1/restore`, { token })).status).toBe(200);
    expect((await request('POST', `/v1/files/${fileId}/versions/99/restore`, { token })).status).toBe(404);

    // Shares and links.
    const grantee = uniqueEmail('grantee');
    const share = await request('POST', `/v1/files/${fileId}/shares`, {
      token,
      body: { email: grantee, role: 'viewer' },
    });
    expect(share.status).toBe(201);
    expect((await request('GET', `/v1/files/${fileId}/shares`, { token })).status).toBe(200);
    expect((await request('DELETE', `/v1/files/${fileId}/shares/${share.body.id}`, { token })).status).toBe(
      204,
    );
    const folderShare = await request('POST', `/v1/folders/${folder.body.id}/shares`, {
      token,
      body: { email: grantee, role: 'editor' },
    });
    expect(folderShare.status).toBe(201);
    expect((await request('GET', `/v1/folders/${folder.body.id}/shares`, { token })).status).toBe(200);
    expect((await request('GET', '/v1/shared-with-me', { token })).status).toBe(200);
    const link = await request('POST', `/v1/files/${fileId}/links`, { token, body: {} });
    expect(link.status).toBe(201);
    expect((await request('GET', `/v1/files/${fileId}/links`, { token })).status).toBe(200);
    expect((await request('GET', `/v1/public/${link.body.token}?redirect=false`)).status).toBe(200);
    expect((await request('GET', `/v1/public/${link.body.token}`)).status).toBe(302);
    expect((await request('DELETE', `/v1/files/${fileId}/links/${link.body.id}`, { token })).status).toBe(
      204,
    );
    expect((await request('GET', `/v1/public/${link.body.token}`)).status).toBe(404);
    expect(
      (await request('POST', `/v1/files/${fileId}/links`, { token, body: { expiresIn: -5 } })).status,
    ).toBe(400);

    // Trash.
    expect((await request('DELETE', `/v1/files/${fileId}`, { token })).status).toBe(202);
    expect((await request('GET', '/v1/trash', { token })).status).toBe(200);
    expect((await request('POST', `/v1/files/${fileId}/restore`, { token })).status).toBe(200);
    expect((await request('POST', `/v1/files/${fileId}/restore`, { token })).status).toBe(409);
    expect((await request('DELETE', `/v1/trash/${fileId}`, { token })).status).toBe(409);
    expect((await request('DELETE', `/v1/folders/${folder.body.id}`, { token })).status).toBe(202);
    expect((await request('DELETE', `/v1/trash/${fileId}`, { token })).status).toBe(202);
    expect((await request('DELETE', '/v1/trash', { token })).status).toBe(202);

    // Request-level refusals every body route documents.
    expect(
      (await request('POST', '/v1/folders', { token, body: { name: 'x'.repeat(2 * 1024 * 1024) } })).status,
    ).toBe(413);
    expect((await request('POST', '/v1/folders', { token, body: 'name' })).status).toBe(400);
    expect((await request('GET', '/docs')).status).toBe(200);
    expect((await request('GET', '/docs/assets/swagger-ui.css')).status).toBe(200);

    expect(conformance.failures).toEqual([]);
    // The walk above really reached these operations (a typo in a path would skip its check).
    const operations = new Set([...conformance.checked].map((entry) => entry.split(' ')[0]));
    expect(operations.size).toBeGreaterThanOrEqual(40);
  });

  it('for subscriptions and the admin routes, and their refusals', async () => {
    const admin = await signUpAdmin(app.baseUrl, db);
    const userSignup = await request('POST', '/v1/auth/signup', {
      body: { email: uniqueEmail('plain'), password: 'correct horse battery' },
    });
    const token = userSignup.body.accessToken as string;
    const userId = userSignup.body.user.id as string;
    const adminCall = async (method: string, url: string, body?: unknown) => {
      const response = await admin.call(method, url, body === undefined ? {} : { body });
      conformance.check(method, url, response);
      return response;
    };

    expect(
      (await request('POST', '/v1/subscription', { token, body: { planId: 'no-such-plan' } })).status,
    ).toBe(404);
    // 404 before billing has recorded the new account's free subscription, 409 after: both documented.
    expect([404, 409]).toContain((await request('DELETE', '/v1/subscription', { token })).status);
    expect((await request('GET', '/v1/admin/users', { token })).status).toBe(403);
    expect((await adminCall('GET', '/v1/admin/users?limit=5')).status).toBe(200);
    expect((await adminCall('GET', `/v1/admin/users/${userId}`)).status).toBe(200);
    expect((await adminCall('GET', `/v1/admin/users/${randomUUID()}`)).status).toBe(404);
    expect((await adminCall('PATCH', `/v1/admin/users/${userId}`, { disabled: true })).status).toBe(200);
    expect((await adminCall('PATCH', `/v1/admin/users/${userId}`, {})).status).toBe(400);
    expect((await adminCall('GET', '/v1/admin/stats')).status).toBe(200);
    expect((await adminCall('GET', '/v1/admin/audit-log?limit=5')).status).toBe(200);
    expect((await adminCall('GET', '/v1/admin/subscriptions?limit=5')).status).toBe(200);
    expect((await adminCall('GET', `/v1/admin/usage-drift?userId=${userId}`)).status).toBe(200);
    expect((await adminCall('PATCH', `/v1/admin/subscriptions/${userId}`, { action: 'expire' })).status).toBe(
      409,
    );
    expect((await adminCall('DELETE', `/v1/admin/users/${userId}`)).status).toBe(202);

    expect(conformance.failures).toEqual([]);
  });
});
