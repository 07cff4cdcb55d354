import { randomUUID } from 'node:crypto';
import type { DeleteUserRequest } from '../../../../proto/gen/auth/v1/auth_pb.js';
import type { ReconcileUsageRequest } from '../../../../proto/gen/files/v1/files_pb.js';
import { AppError } from '../../../internal/errors';
import { expectProblem } from '../../testing/expect-problem';
import { createTestGateway } from '../../testing/test-gateway';

describe('/v1/admin/users/{id} DELETE and /v1/admin/usage-drift', () => {
  const adminId = randomUUID();

  it('asks auth to delete the account as the calling admin and answers 202 with the workflow id', async () => {
    const seen: DeleteUserRequest[] = [];
    const userId = randomUUID();
    const gateway = await createTestGateway({
      auth: {
        deleteUser: (request) => {
          seen.push(request);
          return { workflowId: `account-deletion:${request.userId}` };
        },
      },
    });
    const response = await gateway.request('DELETE', `/v1/admin/users/${userId}`, {
      token: await gateway.tokenFor(adminId, { role: 'admin' }),
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ userId, workflowId: `account-deletion:${userId}`, status: 'deleting' });
    expect(seen).toEqual([expect.objectContaining({ actorUserId: adminId, userId })]);
  });

  it('answers 404 user_not_found as problem+json when auth knows no such account', async () => {
    const gateway = await createTestGateway({
      auth: {
        deleteUser: () => {
          throw new AppError('user_not_found', 'user not found');
        },
      },
    });
    const response = await gateway.request('DELETE', `/v1/admin/users/${randomUUID()}`, {
      token: await gateway.tokenFor(adminId, { role: 'admin' }),
    });
    expectProblem(response, { status: 404, code: 'user_not_found' });
  });

  it('reports the drift files finds, never asking it to fix anything', async () => {
    const seen: ReconcileUsageRequest[] = [];
    const userId = randomUUID();
    const gateway = await createTestGateway({
      files: {
        reconcileUsage: (request) => {
          seen.push(request);
          return {
            checkedUsers: 3,
            drift: [
              {
                userId,
                recorded: { usedBytes: 19n, reservedBytes: 0n, fileCount: 1 },
                fromRows: { usedBytes: 12n, reservedBytes: 0n, fileCount: 1 },
                storedBytes: 12n,
                storedVersions: 1,
                problems: ['usage used_bytes is 19, the rows add up to 12'],
              },
            ],
            unknownPrefixes: [],
            fixed: 0,
          };
        },
      },
    });
    const response = await gateway.request('GET', `/v1/admin/usage-drift?userId=${userId}`, {
      token: await gateway.tokenFor(adminId, { role: 'admin' }),
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual([expect.objectContaining({ userId, fix: false })]);
    expect(response.body).toEqual({
      checkedUsers: 3,
      drift: [
        {
          userId,
          recorded: { usedBytes: 19, reservedBytes: 0, fileCount: 1 },
          fromRows: { usedBytes: 12, reservedBytes: 0, fileCount: 1 },
          stored: { bytes: 12, versions: 1 },
          problems: ['usage used_bytes is 19, the rows add up to 12'],
        },
      ],
      unknownPrefixes: [],
    });
  });

  it('refuses a user id that is not a UUID', async () => {
    const gateway = await createTestGateway();
    const token = await gateway.tokenFor(adminId, { role: 'admin' });
    expectProblem(await gateway.request('GET', '/v1/admin/usage-drift?userId=nope', { token }), {
      status: 400,
      code: 'invalid_argument',
      fields: ['query.userId'],
    });
    expectProblem(await gateway.request('DELETE', '/v1/admin/users/nope', { token }), {
      status: 400,
      code: 'invalid_argument',
      fields: ['path.id'],
    });
  });
});
