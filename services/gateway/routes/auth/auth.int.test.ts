import { randomUUID } from 'node:crypto';
import { generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import knex from 'knex';
import { apiClient, uniqueEmail } from '../../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

const password = 'correct horse battery';

describe('accounts over HTTP', () => {
  let app: TestPlatform;
  let db: ReturnType<typeof knex>;

  beforeAll(async () => {
    app = await startTestPlatform();
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  });

  afterAll(async () => {
    await db?.destroy();
    await app?.stop();
  });

  const api = () => apiClient(app.baseUrl);

  async function signUp(email = uniqueEmail()) {
    const response = await api()('POST', '/v1/auth/signup', {
      body: { email, password, displayName: 'Ada' },
    });
    expect(response.status).toBe(201);
    return { email, ...response.body };
  }

  it('signs up, reads /v1/me, refreshes, and logs out', async () => {
    const request = api();
    const email = uniqueEmail();
    const signup = await request('POST', '/v1/auth/signup', {
      body: { email: email.toUpperCase(), password },
    });
    expect(signup.status).toBe(201);
    expect(signup.body).toMatchObject({
      user: { email, role: 'user', emailVerified: false },
      expiresIn: 900,
    });
    expect(signup.body.user.displayName).toBe(email.split('@')[0]);

    const me = await request('GET', '/v1/me', { token: signup.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: signup.body.user.id,
      email,
      plan: { slug: 'free' },
      usage: { usedBytes: 0, fileCount: 0, quotaBytes: 5 * 1024 ** 3 },
    });

    const patched = await request('PATCH', '/v1/me', {
      token: signup.body.accessToken,
      body: { displayName: '  Grace ' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe('Grace');

    const login = await request('POST', '/v1/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(signup.body.user.id);

    const refreshed = await request('POST', '/v1/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    expect((await request('GET', '/v1/me', { token: refreshed.body.accessToken })).status).toBe(200);

    expect(
      (await request('POST', '/v1/auth/logout', { body: { refreshToken: refreshed.body.refreshToken } }))
        .status,
    ).toBe(204);
    const afterLogout = await request('POST', '/v1/auth/refresh', {
      body: { refreshToken: refreshed.body.refreshToken },
    });
    expect(afterLogout.status).toBe(401);
  });

  it('returns 409 conflict for an email that exists, whatever its case', async () => {
    const { email } = await signUp();
    const again = await api()('POST', '/v1/auth/signup', {
      body: { email: ` ${email.toUpperCase()} `.trim(), password },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({
      code: 'conflict',
      status: 409,
      title: 'Conflict',
      type: 'urn:streamhub:problem:conflict',
    });
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const { email } = await signUp();
    const wrongPassword = await api()('POST', '/v1/auth/login', {
      body: { email, password: 'not the password' },
    });
    const unknownEmail = await api()('POST', '/v1/auth/login', {
      body: { email: uniqueEmail('nobody'), password },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const { requestId: _a, ...first } = wrongPassword.body;
    const { requestId: _b, ...second } = unknownEmail.body;
    expect(first).toEqual(second);
    expect(first.code).toBe('invalid_credentials');
  });

  it('revokes the whole token family when a spent refresh token is replayed', async () => {
    const request = api();
    const session = await signUp();
    const first = await request('POST', '/v1/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(first.status).toBe(200);
    const replay = await request('POST', '/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('refresh_token_reused');
    expect(replay.body.detail).toMatch(/already used/);
    // The thief's replay also kills the legitimate holder's newer token.
    const legitimate = await request('POST', '/v1/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(legitimate.status).toBe(401);
    // Its token is revoked now, and presenting a revoked token counts as reuse too.
    expect(legitimate.body.code).toBe('refresh_token_reused');
    // Other logins of the same user are other families and keep working.
    const otherLogin = await request('POST', '/v1/auth/login', { body: { email: session.email, password } });
    expect(
      (await request('POST', '/v1/auth/refresh', { body: { refreshToken: otherLogin.body.refreshToken } }))
        .status,
    ).toBe(200);
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const request = api();
    const session = await signUp();
    const results = await Promise.all(
      [1, 2].map(() => request('POST', '/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })),
    );
    expect(results.map((result) => result.status).sort()).toEqual([200, 401]);
  });

  it('returns 400 with every offending field for an invalid signup', async () => {
    const response = await api()('POST', '/v1/auth/signup', {
      body: { email: 'not-an-email', password: 'short' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_argument');
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'body.email',
      'body.password',
    ]);
  });

  it('returns 400 for a body that is not JSON and refuses passwords over 72 bytes', async () => {
    const notJson = await fetch(`${app.baseUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { code: string }).code).toBe('invalid_argument');
    const long = await api()('POST', '/v1/auth/signup', {
      body: { email: uniqueEmail(), password: 'é'.repeat(37) },
    });
    expect(long.status).toBe(400);
    expect(long.body.errors[0]).toEqual({ field: 'body.password', message: 'must be at most 72 bytes' });
  });

  describe('access tokens', () => {
    let session: Awaited<ReturnType<typeof signUp>>;
    let realKey: { kid: string; key: CryptoKey };

    beforeAll(async () => {
      session = await signUp();
      const row = await db
        .withSchema('auth')
        .table('signing_keys')
        .whereNull('retired_at')
        .orderBy('created_at', 'desc')
        .first();
      realKey = { kid: row.kid, key: (await importJWK(row.private_jwk as JWK, 'ES256')) as CryptoKey };
    });

    const claims = () => ({
      role: 'admin',
      sub: session.user.id,
      iss: 'streamhub',
      aud: 'streamhub-api',
      jti: randomUUID(),
    });
    const sign = (payload: Record<string, unknown>, key: CryptoKey, header: Record<string, unknown> = {}) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', kid: realKey.kid, typ: 'at+jwt', ...header })
        .setIssuedAt()
        .sign(key);
    const me = async (token: string) => api()('GET', '/v1/me', { token });

    it('accepts a token signed by the published key (control case)', async () => {
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'ES256', kid: realKey.kid, typ: 'at+jwt' })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(realKey.key);
      expect((await me(token)).status).toBe(200);
    });

    it('rejects a forged token signed by another key under the real kid with 401', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await sign({ ...claims(), exp: Math.floor(Date.now() / 1000) + 300 }, privateKey);
      expect((await me(forged)).status).toBe(401);
    });

    it('rejects an expired token with 401', async () => {
      const expired = await sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 10 }, realKey.key);
      const response = await me(expired);
      expect(response.status).toBe(401);
      expect(response.body.detail).toMatch(/expired/);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('rejects a token without exp with 401', async () => {
      expect((await me(await sign(claims(), realKey.key))).status).toBe(401);
    });

    it('rejects an alg none token with 401', async () => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const none = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode({ ...claims(), exp: 4e9 })}.`;
      expect((await me(none)).status).toBe(401);
    });

    it('rejects a token for the wrong audience or issuer with 401', async () => {
      const exp = Math.floor(Date.now() / 1000) + 300;
      expect((await me(await sign({ ...claims(), aud: 'someone-else', exp }, realKey.key))).status).toBe(401);
      expect((await me(await sign({ ...claims(), iss: 'evil', exp }, realKey.key))).status).toBe(401);
    });

    it('rejects a request without a bearer token with 401', async () => {
      const response = await api()('GET', '/v1/me');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('unauthenticated');
    });

    it('publishes the verifying key at /.well-known/jwks.json', async () => {
      const response = await api()('GET', '/.well-known/jwks.json');
      expect(response.status).toBe(200);
      const key = response.body.keys.find((candidate: JWK) => candidate.kid === realKey.kid);
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key.d).toBeUndefined();
    });
  });
});

describe('auth rate limits', () => {
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform({ env: { RATE_LIMIT_AUTH_MAX: '3' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers 429 rate_limited with Retry-After once a client exceeds the auth limit', async () => {
    const request = apiClient(app.baseUrl);
    const responses = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      responses.push(await request('POST', '/v1/auth/login', { body: { email: uniqueEmail(), password } }));
    }
    expect(responses.map((response) => response.status)).toEqual([401, 401, 401, 429]);
    const limited = responses[3]!;
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client address has its own budget.
    expect(
      (await apiClient(app.baseUrl)('POST', '/v1/auth/login', { body: { email: uniqueEmail(), password } }))
        .status,
    ).toBe(401);
  });
});
