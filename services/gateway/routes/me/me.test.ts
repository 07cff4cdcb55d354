import { randomUUID } from 'node:crypto';
import { Code, ConnectError } from '@connectrpc/connect';
import { generateKeyPair } from 'jose';
import { AppError } from '../../../internal/errors';
import { expectProblem, expectServiceError } from '../../testing/expect-problem';
import { planMessage, usageMessage, userMessage } from '../../testing/messages';
import { createTestGateway } from '../../testing/test-gateway';

describe('GET and PATCH /v1/me', () => {
  const userId = randomUUID();
  const backends = {
    auth: {
      getUser: ({ userId: id }: { userId: string }) => ({ user: userMessage({ id, displayName: 'Ada' }) }),
      updateUser: ({ userId: id, displayName }: { userId: string; displayName?: string }) => ({
        user: userMessage({ id, displayName }),
      }),
    },
    billing: { getUserPlan: () => ({ plan: planMessage({ slug: 'plus', name: 'Plus', priceCents: 499 }) }) },
    files: { getUsage: () => ({ usage: usageMessage({ usedBytes: 1024n, fileCount: 2 }) }) },
  };

  it('answers the caller’s profile with plan and usage from three services', async () => {
    const gateway = await createTestGateway(backends);
    const response = await gateway.request('GET', '/v1/me', { token: await gateway.tokenFor(userId) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: userId,
      displayName: 'Ada',
      plan: { slug: 'plus', priceCents: 499 },
      usage: { usedBytes: 1024, fileCount: 2, quotaBytes: 5 * 1024 ** 3 },
    });
  });

  it('shows the bytes pending uploads hold as usage.reservedBytes, apart from usedBytes', async () => {
    const gateway = await createTestGateway({
      ...backends,
      files: {
        getUsage: () => ({ usage: usageMessage({ usedBytes: 1024n, reservedBytes: 4096n, fileCount: 2 }) }),
      },
    });
    const response = await gateway.request('GET', '/v1/me', { token: await gateway.tokenFor(userId) });
    expect(response.body.usage).toEqual({
      usedBytes: 1024,
      reservedBytes: 4096,
      quotaBytes: 5 * 1024 ** 3,
      fileCount: 2,
    });
  });

  it('returns 401 unauthenticated with WWW-Authenticate without a bearer token', async () => {
    const gateway = await createTestGateway(backends);
    const response = await gateway.request('GET', '/v1/me');
    expectProblem(response, { status: 401, code: 'unauthenticated' });
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('returns 401 for a malformed Authorization header', async () => {
    const gateway = await createTestGateway(backends);
    const response = await gateway.request('GET', '/v1/me', { headers: { authorization: 'Basic YWRhOnB3' } });
    expectProblem(response, { status: 401, code: 'unauthenticated' });
  });

  it('returns 401 for a token signed by another key under the published kid', async () => {
    const gateway = await createTestGateway(backends);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await gateway.tokenFor(userId, { signWith: privateKey });
    expectProblem(await gateway.request('GET', '/v1/me', { token: forged }), {
      status: 401,
      code: 'unauthenticated',
    });
  });

  it('returns 401 for an expired token, saying so', async () => {
    const gateway = await createTestGateway(backends);
    const expired = await gateway.tokenFor(userId, { expiresInSeconds: -10 });
    const response = await gateway.request('GET', '/v1/me', { token: expired });
    expectProblem(response, { status: 401, code: 'unauthenticated' });
    expect(response.body.detail).toMatch(/expired/);
  });

  it('returns 401 for a token meant for another audience or from another issuer', async () => {
    const gateway = await createTestGateway(backends);
    for (const token of [
      await gateway.tokenFor(userId, { audience: 'another-api' }),
      await gateway.tokenFor(userId, { issuer: 'someone-else' }),
    ]) {
      expectProblem(await gateway.request('GET', '/v1/me', { token }), {
        status: 401,
        code: 'unauthenticated',
      });
    }
  });

  it('returns 401 for an unsigned (alg none) token', async () => {
    const gateway = await createTestGateway(backends);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const none = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode({
      sub: userId,
      role: 'user',
      iss: 'streamhub',
      aud: 'streamhub-api',
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
    })}.`;
    expectProblem(await gateway.request('GET', '/v1/me', { token: none }), {
      status: 401,
      code: 'unauthenticated',
    });
  });

  it('returns 401 for a token with a role the gateway does not know', async () => {
    const gateway = await createTestGateway(backends);
    const token = await gateway.tokenFor(userId, { role: 'superuser' });
    expectProblem(await gateway.request('GET', '/v1/me', { token }), {
      status: 401,
      code: 'unauthenticated',
    });
  });

  it('passes the auth service’s not-found error through with its code', async () => {
    const missing = new AppError('user_not_found', 'user not found');
    const gateway = await createTestGateway({
      ...backends,
      auth: {
        getUser: () => {
          throw missing;
        },
      },
    });
    expectServiceError(
      await gateway.request('GET', '/v1/me', { token: await gateway.tokenFor(userId) }),
      missing,
    );
  });

  it('answers 503 unavailable when billing cannot be reached', async () => {
    const gateway = await createTestGateway({
      ...backends,
      billing: {
        getUserPlan: () => {
          throw new ConnectError('connect ECONNREFUSED 127.0.0.1:9090', Code.Unavailable);
        },
      },
    });
    const response = await gateway.request('GET', '/v1/me', { token: await gateway.tokenFor(userId) });
    expectProblem(response, { status: 503, code: 'unavailable' });
  });

  it('answers 500 internal, without the service’s message, when a service fails without a code', async () => {
    const gateway = await createTestGateway({ ...backends, billing: {} });
    const response = await gateway.request('GET', '/v1/me', { token: await gateway.tokenFor(userId) });
    expectProblem(response, { status: 500, code: 'internal' });
    expect(response.body.detail).not.toMatch(/unimplemented|GetUserPlan/i);
  });

  it('changes the display name, trimmed, for the caller only', async () => {
    const calls: Array<{ userId: string; displayName?: string }> = [];
    const gateway = await createTestGateway({
      ...backends,
      auth: {
        ...backends.auth,
        updateUser: (request) => {
          calls.push({ userId: request.userId, displayName: request.displayName });
          return backends.auth.updateUser(request);
        },
      },
    });
    const response = await gateway.request('PATCH', '/v1/me', {
      token: await gateway.tokenFor(userId),
      body: { displayName: '  Grace ' },
    });
    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('Grace');
    expect(calls).toEqual([{ userId, displayName: 'Grace' }]);
  });

  it('returns 400 with the field for an empty display name, before calling any service', async () => {
    const gateway = await createTestGateway({ billing: {}, files: {}, auth: {} });
    const response = await gateway.request('PATCH', '/v1/me', {
      token: await gateway.tokenFor(userId),
      body: { displayName: '   ' },
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['body.displayName'] });
  });
});
