import { Redis } from 'ioredis';
import { loadConfig } from '../../internal/config';
import { createLogger } from '../../internal/logger';
import { createSmtpMailer } from '../../internal/mail/mailer';
import { requireTestEnv } from '../../internal/testing/require-env';
import type { OtpDeps } from '../otp/deps';

export type TestOtpDeps = OtpDeps & { close(): Promise<void> };

/**
 * What module.ts gives the one-time-code commands: the test Redis (under the
 * run's key prefix), a real SMTP mailer to SMTP_URL (the stack's Mailpit
 * under `npm test`), and the otp settings with `env` applied (a short
 * OTP_TTL_SECONDS, say). close() after the tests.
 */
export function otpTestDeps(env: Record<string, string> = {}): TestOtpDeps {
  const { REDIS_URL } = requireTestEnv(['REDIS_URL']);
  const config = loadConfig({ SMTP_URL: process.env.SMTP_URL, ...env }, ['mail', 'otp']);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', name: 'test-mailer' });
  const redis = new Redis(REDIS_URL, {
    keyPrefix: process.env.REDIS_KEY_PREFIX ?? '',
    maxRetriesPerRequest: 1,
  });
  const mailer = createSmtpMailer(config.get('mail'), logger);
  return {
    redis,
    mailer,
    settings: config.get('otp'),
    async close() {
      await mailer.close();
      await redis.quit();
    },
  };
}
