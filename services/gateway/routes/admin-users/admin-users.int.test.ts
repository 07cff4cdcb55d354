import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { signUpAdmin } from '../../../internal/testing/api-users';
import { eventually } from '../../../internal/testing/eventually';
import { apiClient, uniqueEmail } from '../../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

// The whole path on the real servers: the admin routes,
// auth's revocation through Redis to the gateway, the audit events through
// Kafka to the admin service, and the stats from auth, billing and files.
describe('admin users end to end', () => {
  let app: TestPlatform;
  let api: ReturnType<typeof apiClient>;
  let admin: { id: string; token: string };
  const password = 'correct horse battery';

  beforeAll(async () => {
    app = await startTestPlatform({
      targets: ['gateway', 'auth', 'admin', 'billing', 'files', 'storage', 'chat'],
    });
    api = apiClient(app.baseUrl);
    // Promoted in the database (create-admin has its own test, services/auth/admin-cli.int.test.ts).
    const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
    try {
      const created = await signUpAdmin(app.baseUrl, db);
      const login = await api('POST', '/v1/auth/login', { body: { email: created.email, password } });
      expect(login.status).toBe(200);
      admin = { id: login.body.user.id, token: login.body.accessToken };
    } finally {
      await db.destroy();
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  const signUp = async () => {
    const email = uniqueEmail('managed');
    const response = await api('POST', '/v1/auth/signup', { body: { email, password } });
    expect(response.status).toBe(201);
    return {
      email,
      id: response.body.user.id as string,
      token: response.body.accessToken as string,
      refreshToken: response.body.refreshToken as string,
    };
  };
  const asAdmin = (method: string, path: string, body?: unknown) =>
    api(method, path, { token: admin.token, body });

  it('disabling a user ends their sessions: token refused, refresh and login fail; enabling lets them back in', async () => {
    const user = await signUp();
    expect((await api('GET', '/v1/me', { token: user.token })).status).toBe(200);
    expect((await api('GET', '/v1/admin/users', { token: user.token })).status).toBe(403);

    const found = await asAdmin(
      'GET',
      `/v1/admin/users?email=${encodeURIComponent(user.email.toUpperCase())}`,
    );
    expect(found.body.items).toEqual([
      expect.objectContaining({ id: user.id, role: 'user', disabled: false }),
    ]);

    const disabled = await asAdmin('PATCH', `/v1/admin/users/${user.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: user.id, disabled: true });
    await eventually(
      async () => (await api('GET', '/v1/me', { token: user.token })).status === 401 || undefined,
      'the access token refused',
    );
    expect(
      (await api('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status,
    ).toBe(401);
    const login = await api('POST', '/v1/auth/login', { body: { email: user.email, password } });
    expect({ status: login.status, code: login.body.code }).toEqual({
      status: 403,
      code: 'account_disabled',
    });
    expect(
      (await asAdmin('GET', `/v1/admin/users?status=disabled&email=${user.email}`)).body.items,
    ).toHaveLength(1);

    expect((await asAdmin('PATCH', `/v1/admin/users/${user.id}`, { disabled: false })).body.disabled).toBe(
      false,
    );
    const again = await api('POST', '/v1/auth/login', { body: { email: user.email, password } });
    expect(again.status).toBe(200);
    expect((await api('GET', '/v1/me', { token: again.body.accessToken })).status).toBe(200);

    // Both changes are in the audit log, by this admin, about this user.
    const entries = await eventually(async () => {
      const log = await asAdmin('GET', `/v1/admin/audit-log?actor=${admin.id}&limit=200`);
      const about = log.body.items.filter((entry: { subjectId: string }) => entry.subjectId === user.id);
      return about.length === 2 ? about : undefined;
    }, 'the audit entries');
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual([
      'user.enabled',
      'user.disabled',
    ]);
  });

  it('a role change takes effect at the next refresh: the old token is refused, the refreshed one carries the role', async () => {
    const user = await signUp();
    const promoted = await asAdmin('PATCH', `/v1/admin/users/${user.id}`, { role: 'admin' });
    expect(promoted.body.role).toBe('admin');
    await eventually(
      async () => (await api('GET', '/v1/me', { token: user.token })).status === 401 || undefined,
      'the old token refused',
    );
    const refreshed = await api('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await api('GET', '/v1/admin/stats', { token: refreshed.body.accessToken })).status).toBe(200);
    // Leave no extra admin behind for other tests.
    expect((await asAdmin('PATCH', `/v1/admin/users/${user.id}`, { role: 'user' })).status).toBe(200);
  });

  it('records a burst of failed logins once in the audit log', async () => {
    const user = await signUp();
    const bad = apiClient(app.baseUrl); // its own address: its own rate-limit bucket
    // The account's free attempts (LOGIN_LOCKOUT_FREE_ATTEMPTS, 5) and the one that locks it are checked;
    // the next is refused before its password is (docs/login-protection.md).
    for (let attempt = 0; attempt < 6; attempt++)
      expect(
        (await bad('POST', '/v1/auth/login', { body: { email: user.email, password: 'wrong' } })).status,
      ).toBe(401);
    expect(
      (await bad('POST', '/v1/auth/login', { body: { email: user.email, password: 'wrong' } })).status,
    ).toBe(429);
    const bursts = await eventually(async () => {
      const log = await asAdmin('GET', '/v1/admin/audit-log?action=auth.login_failures&limit=200');
      const mine = log.body.items.filter((entry: { subjectId: string }) => entry.subjectId === user.id);
      return mine.length > 0 ? mine : undefined;
    }, 'the burst entry');
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({ actorUserId: null, data: { email: user.email, failures: 5 } });
  });

  it('answers the stats, each part from the service that owns it', async () => {
    const stats = await asAdmin('GET', '/v1/admin/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.users.total).toBeGreaterThanOrEqual(2);
    expect(stats.body.users.byRole.admin).toBeGreaterThanOrEqual(1);
    expect(stats.body.users.byRole.user + stats.body.users.byRole.admin).toBe(stats.body.users.total);
    expect(stats.body.subscriptions.activeByPlan).toEqual(
      expect.arrayContaining([expect.objectContaining({ plan: 'free' })]),
    );
    expect(stats.body.uploadsPerDay).toHaveLength(30);
    expect(stats.body.uploadsPerDay.at(-1).day).toBe(new Date().toISOString().slice(0, 10));
    expect(typeof stats.body.storage.bytesStored).toBe('number');
    expect(stats.body.messagesPerDay).toHaveLength(30);
    expect(stats.body.messagesPerDay.at(-1).day).toBe(new Date().toISOString().slice(0, 10));
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    expect((await asAdmin('GET', `/v1/admin/users/${randomUUID()}`)).body.code).toBe('user_not_found');
    expect((await asAdmin('PATCH', '/v1/admin/users/nope', { disabled: true })).status).toBe(400);
  });
});
