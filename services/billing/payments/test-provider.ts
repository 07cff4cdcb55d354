import { createHash } from 'node:crypto';
import type { Database } from '../../internal/db';
import type { ChargeRequest, ChargeResult, PaymentProvider } from './provider';

export type TestPaymentOutcome = 'succeed' | 'fail';

/**
 * Charges nothing. A charge fails for a user an admin set to `fail`
 * (billing.test_payment_outcomes, PATCH /v1/admin/subscriptions/{userId}),
 * else for the users listed in PAYMENTS_TEST_FAIL_USERS, and succeeds for
 * everyone else. The reference is derived from the idempotency key, as a
 * real provider answers the same charge for the same key.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test';

  constructor(
    private readonly db: Database,
    private readonly failUsers: readonly string[],
  ) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const reference = `test_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}`;
    const outcome = await this.outcomeFor(request.userId);
    return outcome === 'fail'
      ? { outcome: 'failed', reference, error: 'declined by the test payment provider' }
      : { outcome: 'succeeded', reference };
  }

  async outcomeFor(userId: string): Promise<TestPaymentOutcome> {
    const set = await this.db
      .withSchema('billing')
      .table('test_payment_outcomes')
      .where({ user_id: userId })
      .first<{ outcome: TestPaymentOutcome } | undefined>('outcome');
    return set?.outcome ?? (this.failUsers.includes(userId) ? 'fail' : 'succeed');
  }
}

/** What an admin tells the test provider to answer for this user's next charges. */
export async function setTestPaymentOutcome(
  db: Database,
  userId: string,
  outcome: TestPaymentOutcome,
): Promise<void> {
  await db
    .withSchema('billing')
    .table('test_payment_outcomes')
    .insert({ user_id: userId, outcome, updated_at: db.fn.now() })
    .onConflict('user_id')
    .merge();
}
