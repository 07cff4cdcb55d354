import { randomUUID } from 'node:crypto';
import { createTestGateway } from '../../testing/test-gateway';

describe('GET /v1/admin/stats', () => {
  it('composes what auth, billing, files and chat each count', async () => {
    const days: number[] = [];
    const gateway = await createTestGateway({
      auth: { getUserStats: () => ({ total: 10n, admins: 2n, disabled: 1n }) },
      billing: {
        getSubscriptionStats: () => ({
          activeByPlan: [
            { planSlug: 'free', active: 7n },
            { planSlug: 'plus', active: 2n },
          ],
        }),
      },
      files: {
        getStorageStats: ({ days: asked }) => {
          days.push(asked);
          return {
            bytesStored: 2n ** 40n,
            uploadsPerDay: [
              { day: '2026-03-01', count: 0n },
              { day: '2026-03-02', count: 5n },
            ],
          };
        },
      },
      chat: {
        getMessageStats: ({ days: asked }) => {
          days.push(asked);
          return { messagesPerDay: [{ day: '2026-03-02', count: 12n }] };
        },
      },
    });
    const response = await gateway.request('GET', '/v1/admin/stats', {
      token: await gateway.tokenFor(randomUUID(), { role: 'admin' }),
    });
    expect(response.status).toBe(200);
    expect(days).toEqual([30, 30]);
    expect(response.body).toEqual({
      users: { total: 10, byRole: { user: 8, admin: 2 }, disabled: 1 },
      subscriptions: {
        activeByPlan: [
          { plan: 'free', active: 7 },
          { plan: 'plus', active: 2 },
        ],
      },
      storage: { bytesStored: 2 ** 40 },
      uploadsPerDay: [
        { day: '2026-03-01', count: 0 },
        { day: '2026-03-02', count: 5 },
      ],
      messagesPerDay: [{ day: '2026-03-02', count: 12 }],
    });
  });
});
