import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ListUsersRequest, SetUserAccessRequest } from '../../../../proto/gen/auth/v1/auth_pb.js';
import { AppError } from '../../../internal/errors';
import { expectProblem } from '../../testing/expect-problem';
import { userMessage } from '../../testing/messages';
import { createTestGateway } from '../../testing/test-gateway';

describe('/v1/admin/users', () => {
  const adminId = randomUUID();

  it('searches with the query mapped onto ListUsers and answers a page with its cursor', async () => {
    const seen: ListUsersRequest[] = [];
    const disabledAt = new Date('2026-02-03T04:05:06.000Z');
    const gateway = await createTestGateway({
      auth: {
        listUsers: (request) => {
          seen.push(request);
          return {
            users: [userMessage({ email: 'ada@example.test', disabledAt: timestampFromDate(disabledAt) })],
            nextCursor: 'next-page',
          };
        },
      },
    });
    const response = await gateway.request(
      'GET',
      '/v1/admin/users?email=ADA&role=user&status=disabled&limit=10',
      {
        token: await gateway.tokenFor(adminId, { role: 'admin' }),
      },
    );
    expect(response.status).toBe(200);
    expect(seen[0]).toMatchObject({
      emailContains: 'ADA',
      role: 'user',
      status: 'disabled',
      limit: 10,
      cursor: '',
    });
    expect(response.body).toMatchObject({
      items: [{ email: 'ada@example.test', disabled: true, disabledAt: disabledAt.toISOString() }],
      // The service's cursor, sealed by the gateway (list-cursors.ts).
      nextCursor: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
    });
  });

  it('refuses an unknown status or role filter as invalid_argument', async () => {
    const gateway = await createTestGateway();
    const token = await gateway.tokenFor(adminId, { role: 'admin' });
    for (const [query, field] of [
      ['status=gone', 'query.status'],
      ['role=root', 'query.role'],
    ])
      expectProblem(await gateway.request('GET', `/v1/admin/users?${query}`, { token }), {
        status: 400,
        code: 'invalid_argument',
        fields: [field!],
      });
  });

  it('answers one account, and 404 user_not_found for an unknown one', async () => {
    const known = randomUUID();
    const gateway = await createTestGateway({
      auth: {
        getUser: ({ userId }) => {
          if (userId !== known) throw new AppError('user_not_found', 'user not found');
          return { user: userMessage({ id: known }) };
        },
      },
    });
    const token = await gateway.tokenFor(adminId, { role: 'admin' });
    const found = await gateway.request('GET', `/v1/admin/users/${known}`, { token });
    expect(found.body).toMatchObject({ id: known, disabled: false, disabledAt: null });
    expectProblem(await gateway.request('GET', `/v1/admin/users/${randomUUID()}`, { token }), {
      status: 404,
      code: 'user_not_found',
    });
  });

  it('PATCH passes the acting admin, the role and the disabled flag to SetUserAccess', async () => {
    const target = randomUUID();
    const seen: SetUserAccessRequest[] = [];
    const gateway = await createTestGateway({
      auth: {
        setUserAccess: (request) => {
          seen.push(request);
          return { user: userMessage({ id: target, role: request.role }) };
        },
      },
    });
    const response = await gateway.request('PATCH', `/v1/admin/users/${target}`, {
      token: await gateway.tokenFor(adminId, { role: 'admin' }),
      body: { role: 'admin', disabled: false },
    });
    expect(response.status).toBe(200);
    expect(seen[0]).toMatchObject({ actorUserId: adminId, userId: target, role: 'admin', disabled: false });
    expect(response.body).toMatchObject({ id: target, role: 'admin' });
  });

  it('PATCH refuses an empty change, and answers 409 last_admin when auth refuses', async () => {
    const gateway = await createTestGateway({
      auth: {
        setUserAccess: () => {
          throw new AppError('last_admin', 'no admin would be left');
        },
      },
    });
    const token = await gateway.tokenFor(adminId, { role: 'admin' });
    expectProblem(await gateway.request('PATCH', `/v1/admin/users/${adminId}`, { token, body: {} }), {
      status: 400,
      code: 'invalid_argument',
      fields: ['body'],
    });
    expectProblem(
      await gateway.request('PATCH', `/v1/admin/users/${adminId}`, { token, body: { role: 'user' } }),
      { status: 409, code: 'last_admin' },
    );
  });
});

describe('revoked sessions', () => {
  it('refuses a token its user’s revocation covers with 401, on every authenticated route, and not a later one', async () => {
    const userId = randomUUID();
    let cutoffMs = 0;
    const gateway = await createTestGateway(
      { auth: { getUser: () => ({ user: userMessage({ id: userId }) }) } },
      {
        revokedSessions: {
          isRevoked: (claims) => claims.userId === userId && claims.expiresAt.getTime() <= cutoffMs,
        },
      },
    );
    const token = await gateway.tokenFor(userId, { expiresInSeconds: 300 });
    cutoffMs = Date.now() + 300_000;
    const refused = await gateway.request('GET', `/v1/admin/users/${userId}`, {
      token: await gateway.tokenFor(userId, { role: 'admin', expiresInSeconds: 300 }),
    });
    expectProblem(refused, { status: 401, code: 'unauthenticated' });
    expect(refused.body.detail).toMatch(/revoked/);
    expectProblem(await gateway.request('GET', '/v1/me', { token }), {
      status: 401,
      code: 'unauthenticated',
    });
    // A token issued after the revocation expires after the cutoff.
    const later = await gateway.tokenFor(userId, { expiresInSeconds: 400 });
    expect((await gateway.request('GET', '/v1/admin/users', { token: later })).status).toBe(403);
  });
});
