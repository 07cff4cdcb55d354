import { Code, ConnectError } from '@connectrpc/connect';
import { expectProblem } from '../../testing/expect-problem';
import { planMessage } from '../../testing/messages';
import { createTestGateway } from '../../testing/test-gateway';

describe('GET /v1/plans', () => {
  it('is public: answers 200 without a token', async () => {
    const gateway = await createTestGateway({ billing: { listPlans: () => ({ plans: [planMessage()] }) } });
    const response = await gateway.request('GET', '/v1/plans');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([expect.objectContaining({ slug: 'free', trashRetentionDays: 30 })]);
  });

  it('ignores a bad token rather than refusing a public route', async () => {
    const gateway = await createTestGateway({ billing: { listPlans: () => ({ plans: [] }) } });
    expect((await gateway.request('GET', '/v1/plans', { token: 'not-a-jwt' })).status).toBe(200);
  });

  it('answers 503 unavailable when billing cannot be reached', async () => {
    const gateway = await createTestGateway({
      billing: {
        listPlans: () => {
          throw new ConnectError('connect ECONNREFUSED', Code.Unavailable);
        },
      },
    });
    expectProblem(await gateway.request('GET', '/v1/plans'), { status: 503, code: 'unavailable' });
  });

  it('answers 500 internal when billing answers a size JSON cannot carry exactly', async () => {
    const gateway = await createTestGateway({
      billing: { listPlans: () => ({ plans: [planMessage({ storageQuotaBytes: 2n ** 53n + 1n })] }) },
    });
    expectProblem(await gateway.request('GET', '/v1/plans'), { status: 500, code: 'internal' });
  });
});
