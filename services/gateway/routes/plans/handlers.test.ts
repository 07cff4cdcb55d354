import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { PlanSchema as PlanMessage, type Plan } from '../../../../proto/gen/billing/v1/billing_pb.js';
import { AppError } from '../../../internal/errors';
import { jsonSafeNumber } from '../../presenters/plan';
import type { HandlerContext } from '../../route';
import { listPlans } from './handlers';
import { PlanList } from './schema';

// The handler with a stand-in billing client: what the gRPC answer becomes on the wire.
async function answer(plans: Plan[]) {
  const context = {
    koa: { body: undefined as unknown },
    services: { billing: { listPlans: async () => ({ plans }) } },
  };
  await listPlans(context as unknown as HandlerContext<undefined, undefined, undefined>);
  return context.koa.body;
}

const plan = (fields: Partial<Plan>) =>
  create(PlanMessage, {
    id: randomUUID(),
    slug: 'free',
    name: 'Free',
    storageQuotaBytes: 5n * 1024n ** 3n,
    maxFileSizeBytes: 512n * 1024n ** 2n,
    trashRetentionSeconds: 30 * 86_400,
    periodDays: 30,
    priceCents: 0,
    ...fields,
  });

describe('GET /v1/plans handler', () => {
  it('answers the plans in the order billing gave, as JSON numbers and whole days', async () => {
    const free = plan({});
    const pro = plan({ slug: 'pro', name: 'Pro', storageQuotaBytes: 2n ** 41n, priceCents: 1499 });
    const body = await answer([free, pro]);
    expect(PlanList.parse(body)).toEqual(body);
    expect(body).toEqual([
      {
        id: free.id,
        slug: 'free',
        name: 'Free',
        storageQuotaBytes: 5_368_709_120,
        maxFileSizeBytes: 536_870_912,
        trashRetentionDays: 30,
        periodDays: 30,
        priceCents: 0,
      },
      expect.objectContaining({ slug: 'pro', storageQuotaBytes: 2_199_023_255_552, priceCents: 1499 }),
    ]);
  });

  it('gives a retention shorter than a day as a fraction of a day', async () => {
    const [body] = (await answer([plan({ trashRetentionSeconds: 12 * 3600 })])) as [
      { trashRetentionDays: number },
    ];
    expect(body.trashRetentionDays).toBe(0.5);
  });

  it('answers an empty list when nothing is on sale', async () => {
    expect(await answer([])).toEqual([]);
  });

  it('fails with internal rather than rounding a size JSON cannot carry exactly', async () => {
    await expect(answer([plan({ storageQuotaBytes: 2n ** 53n + 1n })])).rejects.toMatchObject({
      code: 'internal',
    });
  });
});

describe('jsonSafeNumber', () => {
  it('converts every safe integer exactly', () => {
    expect(jsonSafeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'x')).toBe(Number.MAX_SAFE_INTEGER);
    expect(jsonSafeNumber(BigInt(Number.MIN_SAFE_INTEGER), 'x')).toBe(Number.MIN_SAFE_INTEGER);
    expect(jsonSafeNumber(0n, 'x')).toBe(0);
  });

  it.each([2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n])('refuses %p', (value) => {
    expect(() => jsonSafeNumber(value, 'storageQuotaBytes')).toThrow(AppError);
  });
});
