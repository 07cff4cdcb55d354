import { randomUUID } from 'node:crypto';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ListAuditLogRequest } from '../../../../proto/gen/admin/v1/admin_pb.js';
import { expectProblem } from '../../testing/expect-problem';
import { createTestGateway } from '../../testing/test-gateway';

describe('GET /v1/admin/audit-log', () => {
  const adminId = randomUUID();

  it('maps the filters onto ListAuditLog and answers the entries with their data', async () => {
    const seen: ListAuditLogRequest[] = [];
    const actor = randomUUID();
    const occurredAt = new Date('2026-03-04T05:06:07.000Z');
    const gateway = await createTestGateway({
      admin: {
        listAuditLog: (request) => {
          seen.push(request);
          return {
            entries: [
              {
                id: '42',
                action: 'user.disabled',
                actorUserId: actor,
                subjectId: 'someone',
                dataJson: '{"userId":"someone"}',
                occurredAt: timestampFromDate(occurredAt),
              },
              {
                id: '41',
                action: 'auth.login_failures',
                dataJson: '{}',
                occurredAt: timestampFromDate(occurredAt),
              },
            ],
            nextCursor: '',
          };
        },
      },
    });
    const response = await gateway.request(
      'GET',
      `/v1/admin/audit-log?actor=${actor}&action=user.disabled&from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00%2B01:00&limit=20`,
      { token: await gateway.tokenFor(adminId, { role: 'admin' }) },
    );
    expect(response.status).toBe(200);
    expect(seen[0]).toMatchObject({ actorUserId: actor, action: 'user.disabled', limit: 20, cursor: '' });
    expect(timestampDate(seen[0]!.from!).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(timestampDate(seen[0]!.to!).toISOString()).toBe('2026-03-04T23:00:00.000Z');
    expect(response.body).toEqual({
      items: [
        {
          id: '42',
          action: 'user.disabled',
          actorUserId: actor,
          subjectId: 'someone',
          data: { userId: 'someone' },
          occurredAt: occurredAt.toISOString(),
        },
        {
          id: '41',
          action: 'auth.login_failures',
          actorUserId: null,
          subjectId: null,
          data: {},
          occurredAt: occurredAt.toISOString(),
        },
      ],
      nextCursor: null,
    });
  });

  it('refuses a malformed actor, a bad time and a range that ends before it starts', async () => {
    const gateway = await createTestGateway();
    const token = await gateway.tokenFor(adminId, { role: 'admin' });
    for (const [query, field] of [
      ['actor=someone', 'query.actor'],
      ['from=yesterday', 'query.from'],
      ['from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'query.to'],
    ])
      expectProblem(await gateway.request('GET', `/v1/admin/audit-log?${query}`, { token }), {
        status: 400,
        code: 'invalid_argument',
        fields: [field!],
      });
  });

  it('offers no way to change the log: any other method finds no route', async () => {
    const gateway = await createTestGateway();
    const token = await gateway.tokenFor(adminId, { role: 'admin' });
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'])
      expectProblem(await gateway.request(method, '/v1/admin/audit-log', { token, body: {} }), {
        status: 404,
        code: 'not_found',
      });
  });
});
