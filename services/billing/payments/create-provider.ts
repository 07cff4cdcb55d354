import type { ConfigSection } from '../../internal/config';
import type { Database } from '../../internal/db';
import type { PaymentProvider } from './provider';
import { TestPaymentProvider } from './test-provider';

/** The provider PAYMENT_PROVIDER names; a real one (Stripe-like) would be added here. */
export function createPaymentProvider(
  db: Database,
  settings: ConfigSection<'subscriptions'>,
): PaymentProvider {
  switch (settings.paymentProvider) {
    case 'test':
      return new TestPaymentProvider(db, settings.testFailUsers);
  }
}
