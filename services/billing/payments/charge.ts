import type { SubscriptionDeps } from '../subscription-deps';

export interface PaymentRow {
  id: string;
  idempotency_key: string;
  user_id: string;
  plan_id: string;
  amount_cents: number;
  period_start: Date;
  period_end: Date;
  outcome: 'succeeded' | 'failed';
  provider_reference: string | null;
  error: string | null;
  attempted_at: Date;
}

export interface ChargeAttempt {
  idempotencyKey: string;
  userId: string;
  planId: string;
  planSlug: string;
  amountCents: number;
  periodStart: Date;
  periodEnd: Date;
}

/**
 * One charge attempt, recorded once in billing.payments: an attempt already
 * recorded under this key answers its recorded outcome without asking the
 * provider again; one that crashed between the provider and the record asks
 * the provider again with the same key, which answers the same charge.
 */
export async function chargeOnce(deps: SubscriptionDeps, attempt: ChargeAttempt): Promise<PaymentRow> {
  const payments = () => deps.db.withSchema('billing').table('payments');
  const recorded = (await payments().where({ idempotency_key: attempt.idempotencyKey }).first()) as
    PaymentRow | undefined;
  if (recorded) return recorded;
  const result = await deps.payments.charge({
    idempotencyKey: attempt.idempotencyKey,
    userId: attempt.userId,
    amountCents: attempt.amountCents,
    description: `${attempt.planSlug} ${attempt.periodStart.toISOString()} to ${attempt.periodEnd.toISOString()}`,
  });
  await payments()
    .insert({
      idempotency_key: attempt.idempotencyKey,
      user_id: attempt.userId,
      plan_id: attempt.planId,
      amount_cents: attempt.amountCents,
      period_start: attempt.periodStart,
      period_end: attempt.periodEnd,
      outcome: result.outcome,
      provider_reference: result.reference,
      error: result.outcome === 'failed' ? result.error : null,
    })
    .onConflict('idempotency_key')
    .ignore();
  return (await payments().where({ idempotency_key: attempt.idempotencyKey }).first()) as PaymentRow;
}
