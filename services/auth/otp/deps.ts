import type { Redis } from 'ioredis';
import type { ConfigSection } from '../../internal/config';
import type { Mailer } from '../../internal/mail/mailer';

/** What the one-time-code commands need besides AuthDeps, built by module.ts. */
export interface OtpDeps {
  /** Live codes and per-email request counters (services/auth/otp/store.ts). */
  redis: Redis;
  mailer: Mailer;
  settings: ConfigSection<'otp'>;
}
