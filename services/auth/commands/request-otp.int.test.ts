import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { codeIn, mailsTo, requireMailpit, waitForMails } from '../../internal/testing/mailpit';
import { AUTH_ERRORS } from '../errors';
import { hashOtpCode } from '../otp/codes';
import { otpCodeKey } from '../otp/store';
import { authCommandDeps } from '../testing/command-deps';
import { otpTestDeps } from '../testing/otp-deps';
import { requestOtp } from './request-otp';
import { signUpUser } from './sign-up-user';

describe('requestOtp', () => {
  requireMailpit();
  const { db, trx } = rolledBackTransactions();
  const otp = otpTestDeps({ OTP_EMAIL_MAX: '3' });
  afterAll(() => otp.close());

  const deps = () => authCommandDeps(trx(), db);
  const email = () => `otp-${randomUUID()}@example.test`;
  const signUp = async (address = email()) =>
    (await signUpUser({ deps: deps(), email: address, password: 'correct horse battery' })).user;

  it('mails a six-digit code for each purpose, in plain text and HTML', async () => {
    const user = await signUp();
    for (const purpose of ['verify-email', 'login', 'reset-password'] as const) {
      await requestOtp({ deps: deps(), otp, email: user.email, purpose });
    }
    const mails = await waitForMails(user.email, 3);
    // Mails sent within the same millisecond may be listed in either order.
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      'StreamHub: Confirm your email address',
      'StreamHub: Reset your password',
      'StreamHub: Your sign-in code',
    ]);
    for (const mail of mails) {
      expect(mail.text).toMatch(/expires in 10 minutes/);
      expect(mail.html).toContain(codeIn(mail));
    }
  });

  it('keeps only an HMAC of the code in Redis, with the TTL', async () => {
    const user = await signUp();
    await requestOtp({ deps: deps(), otp, email: user.email, purpose: 'login' });
    const code = codeIn((await waitForMails(user.email))[0]!);
    const key = otpCodeKey('login', user.email);
    const stored = await otp.redis.hgetall(key);
    const expected = hashOtpCode(await deps().keys.otpKey(), { email: user.email, purpose: 'login', code });
    expect(stored).toEqual({ hash: expected.toString('hex'), attempts: '0' });
    const ttl = await otp.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('answers an unknown email the same, and mails nothing to it', async () => {
    const unknown = email();
    await expect(
      requestOtp({ deps: deps(), otp, email: unknown, purpose: 'login' }),
    ).resolves.toBeUndefined();
    // Mail leaves in order: once a later message arrived, one for `unknown` would have too.
    const user = await signUp();
    await requestOtp({ deps: deps(), otp, email: user.email, purpose: 'login' });
    await waitForMails(user.email);
    expect(await mailsTo(unknown)).toEqual([]);
  });

  it('limits requests per email, known or not, whatever the case of the address', async () => {
    const user = await signUp();
    const unknown = email();
    for (const address of [user.email, unknown]) {
      for (let i = 0; i < 3; i++) {
        await requestOtp({
          deps: deps(),
          otp,
          email: i === 1 ? address.toUpperCase() : address,
          purpose: 'login',
        });
      }
      await expect(requestOtp({ deps: deps(), otp, email: address, purpose: 'login' })).rejects.toMatchObject(
        {
          code: AUTH_ERRORS.otpRequestsPerEmail(3600).code,
        },
      );
    }
  });
});
