import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { createClient, createRouterTransport } from '@connectrpc/connect';
import { BillingService, PlanSchema } from '../../../proto/gen/billing/v1/billing_pb.js';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { filesStore } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { getUsage } from './get-usage';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('getUsage', () => {
  const { trx } = rolledBackTransactions();

  const quota = 2n ** 60n;
  // Billing answers over an in-memory Connect transport: the plan is billing's to decide.
  const billing = createClient(
    BillingService,
    createRouterTransport((router) =>
      router.service(BillingService, {
        getUserPlan: () => ({ plan: create(PlanSchema, { slug: 'huge', storageQuotaBytes: quota }) }),
      }),
    ),
  );
  const deps = () => ({ ...dbOnlyFilesDeps(trx()), billing });

  it('answers zero usage and the plan’s quota for a user who never uploaded', async () => {
    expect(await getUsage({ deps: deps(), userId: randomUUID() })).toEqual({
      usedBytes: 0n,
      reservedBytes: 0n,
      fileCount: 0,
      quotaBytes: quota,
    });
  });

  it('answers used and reserved bytes exactly, beyond what a double can hold', async () => {
    const userId = randomUUID();
    await filesStore.lockUsage(trx(), userId, NO_CACHE);
    await trx()
      .withSchema('files')
      .table('usage')
      .where({ user_id: userId })
      .update({ used_bytes: (2n ** 53n + 1n).toString(), reserved_bytes: '42', file_count: 3 });
    expect(await getUsage({ deps: deps(), userId })).toEqual({
      usedBytes: 2n ** 53n + 1n,
      reservedBytes: 42n,
      fileCount: 3,
      quotaBytes: quota,
    });
  });
});
