import { randomUUID } from 'node:crypto';
import { Code, ConnectError } from '@connectrpc/connect';
import knex, { type Knex } from 'knex';
import { BillingService, PlanChange } from '../../proto/gen/billing/v1/billing_pb.js';
import { createServiceClient, type ServiceClient } from '../internal/grpc/client';
import { fromConnectError } from '../internal/grpc/errors';
import { GrpcServer } from '../internal/grpc/server';
import { createLogger } from '../internal/logger';
import { freePort } from '../internal/testing/free-port';
import { requireTestEnv } from '../internal/testing/require-env';
import { createBillingHandlers } from './handlers';
import { testSubscriptionDeps } from './testing/subscription-deps';

const GIB = 1024n ** 3n;
const MIB = 1024n ** 2n;

describe('the BillingService gRPC handlers', () => {
  const { DATABASE_URL } = requireTestEnv(['DATABASE_URL']);
  const db = knex({ client: 'pg', connection: DATABASE_URL });
  let trx: Knex.Transaction;
  let server: GrpcServer;
  let billing: ServiceClient<typeof BillingService>;

  // The server queries through one transaction that is rolled back at the
  // end, so the oversized plan below never becomes visible to anyone else.
  beforeAll(async () => {
    trx = await db.transaction();
    const port = await freePort();
    server = new GrpcServer({ host: '127.0.0.1', port, logger: createLogger({ level: 'silent' }) });
    server.register(BillingService, createBillingHandlers(testSubscriptionDeps(trx)));
    await server.start();
    billing = createServiceClient(BillingService, `http://127.0.0.1:${port}`);
  });

  afterAll(async () => {
    await server?.stop();
    await trx?.rollback();
    await db.destroy();
  });

  it('lists the seeded plans cheapest first with exact int64 sizes', async () => {
    const { plans } = await billing.listPlans({});
    const seeded = plans.filter((plan) => ['free', 'plus', 'pro'].includes(plan.slug));
    expect(seeded.map((plan) => plan.slug)).toEqual(['free', 'plus', 'pro']);
    expect(seeded[2]).toMatchObject({
      name: 'Pro',
      storageQuotaBytes: 2048n * GIB,
      maxFileSizeBytes: 100n * GIB,
      trashRetentionSeconds: 90 * 86_400,
      periodDays: 30,
      priceCents: 1499,
    });
    expect(seeded[2]!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a quota above 2^53 without rounding it', async () => {
    const huge = 2n ** 53n + 1n;
    await trx
      .withSchema('billing')
      .table('plans')
      .insert({
        slug: `test-huge-${randomUUID()}`,
        name: 'Huge',
        storage_quota_bytes: huge.toString(),
        max_file_size_bytes: huge.toString(),
        trash_retention_seconds: 3600,
        period_days: 30,
        price_cents: 1_000_000,
      });
    const { plans } = await billing.listPlans({});
    expect(plans.find((plan) => plan.name === 'Huge')).toMatchObject({
      storageQuotaBytes: huge,
      maxFileSizeBytes: huge,
    });
  });

  it('answers GetUserPlan with the free plan for a user without a subscription', async () => {
    const { plan } = await billing.getUserPlan({ userId: randomUUID() });
    expect(plan).toMatchObject({
      slug: 'free',
      storageQuotaBytes: 5n * GIB,
      maxFileSizeBytes: 512n * MIB,
      priceCents: 0,
    });
  });

  it('answers GetUserPlan with the subscribed plan', async () => {
    const userId = randomUUID();
    const plus = await trx
      .withSchema('billing')
      .table('plans')
      .where({ slug: 'plus' })
      .first<{ id: string }>('id');
    await trx.withSchema('billing').table('subscriptions').insert({ user_id: userId, plan_id: plus.id });
    const { plan } = await billing.getUserPlan({ userId });
    expect(plan).toMatchObject({ id: plus.id, slug: 'plus', storageQuotaBytes: 200n * GIB });
  });

  it('applies a plan with an int64 quota beyond 2^53, lists it, and retires it', async () => {
    const slug = `test-applied-${randomUUID()}`;
    const quota = 2n ** 60n + 1n;
    const terms = {
      slug,
      name: 'Applied',
      storageQuotaBytes: quota,
      maxFileSizeBytes: GIB,
      trashRetentionSeconds: 3600,
      periodDays: 30,
      priceCents: 2_000_000,
    };
    const applied = await billing.applyPlan({ terms, makeDefault: false });
    expect(applied).toMatchObject({ change: PlanChange.CREATED, isDefault: false, retainedDefault: false });
    expect((await billing.applyPlan({ terms, makeDefault: false })).change).toBe(PlanChange.UNCHANGED);
    const listed = (await billing.listPlans({})).plans.find((plan) => plan.slug === slug);
    expect(listed).toMatchObject({ id: applied.planId, storageQuotaBytes: quota });

    expect(await billing.retirePlan({ slug })).toMatchObject({ retired: true, wasDefault: false });
    expect((await billing.listPlans({})).plans.map((plan) => plan.slug)).not.toContain(slug);
  });

  it('refuses ApplyPlan without terms and bad terms with INVALID_ARGUMENT naming the fields', async () => {
    const missing = await billing.applyPlan({ makeDefault: false }).catch((caught: unknown) => caught);
    expect(fromConnectError(missing as ConnectError)).toMatchObject({
      code: 'invalid_argument',
      fields: [{ field: 'terms' }],
    });
    const bad = await billing
      .applyPlan({ terms: { slug: 'Bad Slug', name: 'x', maxFileSizeBytes: 1n, periodDays: 30 } })
      .catch((caught: unknown) => caught);
    expect((bad as ConnectError).code).toBe(Code.InvalidArgument);
    expect(fromConnectError(bad as ConnectError).fields.map((problem) => problem.field)).toEqual(['slug']);
  });

  it('refuses a user id that is not a UUID with INVALID_ARGUMENT and the stable code', async () => {
    const error = await billing.getUserPlan({ userId: 'nobody' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.InvalidArgument);
    expect(fromConnectError(error as ConnectError).code).toBe('invalid_argument');
  });
});
