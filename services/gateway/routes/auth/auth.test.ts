import { AppError } from '../../../internal/errors';
import { expectProblem, expectServiceError } from '../../testing/expect-problem';
import { fakeRedis } from '../../testing/fake-redis';
import { sessionMessage, userMessage } from '../../testing/messages';
import { createTestGateway } from '../../testing/test-gateway';

const password = 'correct horse battery';

describe('POST /v1/auth/*', () => {
  it('signs up with 201 and the session the auth service made', async () => {
    const requests: Array<{ email: string; displayName: string }> = [];
    const gateway = await createTestGateway({
      auth: {
        signUp: ({ email, displayName }) => {
          requests.push({ email, displayName });
          return { session: sessionMessage(userMessage({ email })) };
        },
      },
    });
    const response = await gateway.request('POST', '/v1/auth/signup', {
      body: { email: 'ada@example.test', password },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      user: {
        email: 'ada@example.test',
        role: 'user',
        emailVerified: false,
        createdAt: '2026-01-02T03:04:05.000Z',
      },
      accessToken: 'access.token.jwt',
      refreshToken: 'refresh-token',
      expiresIn: 900,
    });
    // No display name given: the service chooses one.
    expect(requests).toEqual([{ email: 'ada@example.test', displayName: '' }]);
  });

  it('returns 400 with every offending field, without calling the auth service', async () => {
    const gateway = await createTestGateway({ auth: {} });
    const response = await gateway.request('POST', '/v1/auth/signup', {
      body: { email: 'not-an-email', password: 'short', displayName: '' },
    });
    expectProblem(response, {
      status: 400,
      code: 'invalid_argument',
      fields: ['body.displayName', 'body.email', 'body.password'],
    });
  });

  it('returns 400 for a password over 72 bytes, which bcrypt would silently cut', async () => {
    const gateway = await createTestGateway({ auth: {} });
    const response = await gateway.request('POST', '/v1/auth/signup', {
      body: { email: 'ada@example.test', password: 'é'.repeat(37) },
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['body.password'] });
    expect(response.body.errors[0].message).toBe('must be at most 72 bytes');
  });

  it('returns 400 for an address with more than 64 bytes before the @ (RFC 5321)', async () => {
    const gateway = await createTestGateway({ auth: {} });
    const response = await gateway.request('POST', '/v1/auth/signup', {
      body: { email: `${'a'.repeat(65)}@example.test`, password },
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['body.email'] });
  });

  it('returns 400 invalid_argument for a body that is not JSON', async () => {
    const gateway = await createTestGateway({ auth: {} });
    const response = await gateway.request('POST', '/v1/auth/login', {
      rawBody: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, { status: 400, code: 'invalid_argument' });
  });

  it('returns 400 naming the missing field for a request without a body', async () => {
    const gateway = await createTestGateway({ auth: {} });
    const response = await gateway.request('POST', '/v1/auth/refresh');
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['body.refreshToken'] });
  });

  it('maps the auth service’s email-taken error to 409 with its code', async () => {
    const taken = new AppError('conflict', 'an account with this email already exists');
    const gateway = await createTestGateway({
      auth: {
        signUp: () => {
          throw taken;
        },
      },
    });
    const response = await gateway.request('POST', '/v1/auth/signup', {
      body: { email: 'ada@example.test', password },
    });
    expectServiceError(response, taken);
    expect(response.status).toBe(409);
  });

  it('maps wrong credentials to 401 with WWW-Authenticate', async () => {
    const wrong = new AppError('invalid_credentials', 'invalid email or password');
    const gateway = await createTestGateway({
      auth: {
        logIn: () => {
          throw wrong;
        },
      },
    });
    const response = await gateway.request('POST', '/v1/auth/login', {
      body: { email: 'ada@example.test', password: 'wrong password' },
    });
    expectServiceError(response, wrong);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('refreshes with 200 and logs out with 204, passing the refresh token on', async () => {
    const seen: string[] = [];
    const gateway = await createTestGateway({
      auth: {
        refreshSession: ({ refreshToken }) => {
          seen.push(`refresh ${refreshToken}`);
          return { session: sessionMessage() };
        },
        logOut: ({ refreshToken }) => {
          seen.push(`logout ${refreshToken}`);
          return {};
        },
      },
    });
    expect((await gateway.request('POST', '/v1/auth/refresh', { body: { refreshToken: 'r1' } })).status).toBe(
      200,
    );
    const logout = await gateway.request('POST', '/v1/auth/logout', { body: { refreshToken: 'r2' } });
    expect(logout.status).toBe(204);
    expect(logout.body).toBe('');
    expect(seen).toEqual(['refresh r1', 'logout r2']);
  });

  it('answers 429 rate_limited with Retry-After once a client address exceeds the limit', async () => {
    const gateway = await createTestGateway(
      { auth: { logIn: () => ({ session: sessionMessage() }) } },
      { env: { RATE_LIMIT_AUTH_MAX: '2' } },
    );
    const logIn = (ip: string) =>
      gateway.request('POST', '/v1/auth/login', {
        body: { email: 'ada@example.test', password },
        headers: { 'x-forwarded-for': ip },
      });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await logIn('10.0.0.1')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await logIn('10.0.0.1');
    expectProblem(limited, { status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['ratelimit-limit']).toBe('2');
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    // Another address has its own budget.
    expect((await logIn('10.0.0.2')).status).toBe(200);
  });

  it('lets requests through when the rate limiter’s Redis is down', async () => {
    const gateway = await createTestGateway(
      { auth: { logIn: () => ({ session: sessionMessage() }) } },
      { env: { RATE_LIMIT_AUTH_MAX: '1' }, redis: fakeRedis({ failing: true }) },
    );
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await gateway.request('POST', '/v1/auth/login', {
        body: { email: 'a@b.test', password },
      });
      expect(response.status).toBe(200);
    }
  });
});
