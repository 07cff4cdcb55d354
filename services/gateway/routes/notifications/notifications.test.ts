import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type {
  ListNotificationsRequest,
  SetChannelLevelRequest,
} from '../../../../proto/gen/notifications/v1/notifications_pb.js';
import { AppError } from '../../../internal/errors';
import { expectProblem } from '../../testing/expect-problem';
import { createTestGateway } from '../../testing/test-gateway';

describe('notification routes', () => {
  const userId = randomUUID();

  it('maps the query onto ListNotifications and presents each notification, sealing the next cursor', async () => {
    const seen: ListNotificationsRequest[] = [];
    const createdAt = new Date('2026-03-04T05:06:07.000Z');
    const gateway = await createTestGateway({
      notifications: {
        listNotifications: (request) => {
          seen.push(request);
          return {
            notifications: [
              {
                id: 'n1',
                kind: 'mention',
                title: 'Ada mentioned you',
                body: 'hi',
                subjectId: 'c1',
                dataJson: '{"channelId":"c1","messageId":"m1"}',
                createdAt: timestampFromDate(createdAt),
                readAt: timestampFromDate(createdAt),
              },
              { id: 'n2', kind: 'file.ready', title: 'File ready', body: 'b', subjectId: 'f1', dataJson: '' },
            ],
            nextCursor: 'service-cursor',
          };
        },
      },
    });
    const token = await gateway.tokenFor(userId);
    const response = await gateway.request('GET', '/v1/notifications?unread=true&limit=2', { token });
    expect(response.status).toBe(200);
    expect(seen[0]).toMatchObject({ userId, unreadOnly: true, limit: 2, cursor: '' });
    expect(response.body.items).toEqual([
      {
        id: 'n1',
        kind: 'mention',
        title: 'Ada mentioned you',
        body: 'hi',
        subjectId: 'c1',
        data: { channelId: 'c1', messageId: 'm1' },
        createdAt: createdAt.toISOString(),
        readAt: createdAt.toISOString(),
      },
      {
        id: 'n2',
        kind: 'file.ready',
        title: 'File ready',
        body: 'b',
        subjectId: 'f1',
        createdAt: new Date(0).toISOString(),
        readAt: null,
      },
    ]);
    // The service's cursor leaves sealed and comes back as the service's own.
    expect(response.body.nextCursor).not.toBe('service-cursor');
    const next = await gateway.request(
      'GET',
      `/v1/notifications?cursor=${encodeURIComponent(response.body.nextCursor as string)}`,
      { token },
    );
    expect(next.status).toBe(200);
    expect(seen[1]).toMatchObject({ unreadOnly: false, limit: 50, cursor: 'service-cursor' });
  });

  it('refuses a bad filter, limit or id before any service call', async () => {
    const gateway = await createTestGateway();
    const token = await gateway.tokenFor(userId);
    for (const [method, path, field] of [
      ['GET', '/v1/notifications?unread=yes', 'query.unread'],
      ['GET', '/v1/notifications?limit=0', 'query.limit'],
      ['POST', '/v1/notifications/not-an-id/read', 'path.id'],
      ['PUT', `/v1/channels/not-an-id/notification-level`, 'path.id'],
    ] as const)
      expectProblem(await gateway.request(method, path, { token, body: { level: 'all' } }), {
        status: 400,
        code: 'invalid_argument',
        fields: [field],
      });
    expectProblem(
      await gateway.request('PUT', `/v1/channels/${randomUUID()}/notification-level`, {
        token,
        body: { level: 'loud' },
      }),
      { status: 400, code: 'invalid_argument', fields: ['body.level'] },
    );
  });

  it('answers 204 for read, read-all and a level, and the services’ 404s as they are', async () => {
    const levels: SetChannelLevelRequest[] = [];
    const gateway = await createTestGateway({
      notifications: {
        markRead: ({ notificationId }) => {
          if (notificationId !== userId) throw new AppError('notification_not_found', 'no such notification');
          return {};
        },
        markAllRead: () => ({ marked: 3 }),
        setChannelLevel: (request) => {
          levels.push(request);
          return {};
        },
        getChannelLevel: () => {
          throw new AppError('channel_not_found', 'no such channel');
        },
      },
    });
    const token = await gateway.tokenFor(userId);
    expect((await gateway.request('POST', `/v1/notifications/${userId}/read`, { token })).status).toBe(204);
    expectProblem(await gateway.request('POST', `/v1/notifications/${randomUUID()}/read`, { token }), {
      status: 404,
      code: 'notification_not_found',
    });
    expect((await gateway.request('POST', '/v1/notifications/read-all', { token })).status).toBe(204);
    const channelId = randomUUID();
    const set = await gateway.request('PUT', `/v1/channels/${channelId}/notification-level`, {
      token,
      body: { level: 'none' },
    });
    expect(set.status).toBe(204);
    expect(levels).toEqual([expect.objectContaining({ userId, channelId, level: 'none' })]);
    expectProblem(await gateway.request('GET', `/v1/channels/${channelId}/notification-level`, { token }), {
      status: 404,
      code: 'channel_not_found',
    });
    expectProblem(await gateway.request('GET', '/v1/notifications'), {
      status: 401,
      code: 'unauthenticated',
    });
  });
});
