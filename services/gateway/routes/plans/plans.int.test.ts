import { apiClient } from '../../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

describe('GET /v1/plans', () => {
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform({ targets: ['gateway', 'billing'] });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('returns the plans on sale, cheapest first, without authentication', async () => {
    const response = await apiClient(app.baseUrl)('GET', '/v1/plans');
    expect(response.status).toBe(200);
    const plans = response.body as Array<{ slug: string; priceCents: number }>;
    expect(plans.map((plan) => plan.priceCents)).toEqual(
      plans.map((plan) => plan.priceCents).sort((a, b) => a - b),
    );
    const seeded = plans.filter((plan) => ['free', 'plus', 'pro'].includes(plan.slug));
    expect(seeded).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        slug: 'free',
        name: 'Free',
        storageQuotaBytes: 5 * 1024 ** 3,
        maxFileSizeBytes: 512 * 1024 ** 2,
        trashRetentionDays: 30,
        periodDays: 30,
        priceCents: 0,
      },
      expect.objectContaining({
        slug: 'plus',
        name: 'Plus',
        storageQuotaBytes: 200 * 1024 ** 3,
        priceCents: 499,
      }),
      expect.objectContaining({ slug: 'pro', name: 'Pro', trashRetentionDays: 90, priceCents: 1499 }),
    ]);
  });

  it('documents the answer as an array of the Plan schema', async () => {
    const document = (await apiClient(app.baseUrl)('GET', '/openapi.json')).body;
    const operation = document.paths['/v1/plans'].get;
    expect(operation.security).toBeUndefined();
    expect(operation.responses['200'].content['application/json'].schema).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/Plan' },
    });
    expect(document.components.schemas.Plan.required).toEqual(
      expect.arrayContaining(['id', 'slug', 'storageQuotaBytes', 'trashRetentionDays', 'priceCents']),
    );
  });
});
