/**
 * What billing asks of a payment provider: one charge, identified by an
 * idempotency key. The same key must give the same outcome however often it
 * is sent (a Stripe-like provider keeps it for a day at least), so a retried
 * activity never charges twice. A decline is an outcome, not an error; an
 * error (network, provider down) is thrown and the activity retries.
 */
export interface PaymentProvider {
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

export interface ChargeRequest {
  idempotencyKey: string;
  userId: string;
  amountCents: number;
  /** Shown on the provider's side (the plan and the period). */
  description: string;
}

export type ChargeResult =
  { outcome: 'succeeded'; reference: string } | { outcome: 'failed'; reference: string; error: string };
