import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { latestCodeTo, requireMailpit } from '../../internal/testing/mailpit';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { AUTH_ERRORS } from '../errors';
import type { OtpPurpose } from '../otp/purposes';
import { authCommandDeps, verifierFor } from '../testing/command-deps';
import { otpTestDeps } from '../testing/otp-deps';
import { outboxEvents } from '../testing/outbox-events';
import { logInUser } from './log-in-user';
import { refreshSession } from './refresh-session';
import { requestOtp } from './request-otp';
import { signUpUser } from './sign-up-user';
import { verifyOtp } from './verify-otp';

describe('verifyOtp', () => {
  requireMailpit();
  const { db, trx } = rolledBackTransactions();
  const otp = otpTestDeps();
  afterAll(() => otp.close());

  const password = 'correct horse battery';
  const deps = () => authCommandDeps(trx(), db);
  const signUp = async () =>
    signUpUser({ deps: deps(), email: `otp-${randomUUID()}@example.test`, password });
  // Asks for a code and reads it from the mail Mailpit received (the n-th one to that address).
  const codeFor = async (email: string, purpose: OtpPurpose, nth = 1) => {
    await requestOtp({ deps: deps(), otp, email, purpose });
    return latestCodeTo(email, nth);
  };
  const invalid = { code: AUTH_ERRORS.otpInvalid().code };
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('verify-email marks the email verified, once', async () => {
    const { user } = await signUp();
    const code = await codeFor(user.email, 'verify-email');
    await expect(
      verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'verify-email', code }),
    ).resolves.toBeUndefined();
    const row = await trx().withSchema('auth').table('users').where({ id: user.id }).first();
    expect(row.email_verified).toBe(true);
    await expect(
      verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'verify-email', code }),
    ).rejects.toMatchObject(invalid);
  });

  it('records user.email_verified once, on the change to verified, whichever purpose proved the mailbox', async () => {
    const { user } = await signUp();
    const verifiedEvents = async () =>
      (await outboxEvents(trx(), user.id)).filter((event) => event.payload.case === 'userEmailVerified');
    await verifyOtp({
      deps: deps(),
      otp,
      email: user.email,
      purpose: 'login',
      code: await codeFor(user.email, 'login'),
    });
    const [event, ...others] = await verifiedEvents();
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      type: 'user.email_verified',
      actorUserId: user.id,
      payload: { value: { userId: user.id, email: user.email } },
    });
    // Already verified: proving the mailbox again records nothing.
    await verifyOtp({
      deps: deps(),
      otp,
      email: user.email,
      purpose: 'login',
      code: await codeFor(user.email, 'login', 2),
    });
    expect(await verifiedEvents()).toHaveLength(1);
  });

  it('login starts a session like a password login', async () => {
    const { user } = await signUp();
    await requestOtp({ deps: deps(), otp, email: ` ${user.email.toUpperCase()} `, purpose: 'login' });
    const code = await latestCodeTo(user.email);
    const session = await verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'login', code });
    expect(session?.user).toMatchObject({ id: user.id, email_verified: true });
    await expect(verifierFor(deps()).verify(session!.accessToken)).resolves.toMatchObject({
      userId: user.id,
    });
    await expect(
      refreshSession({ deps: deps(), refreshToken: session!.refreshToken }),
    ).resolves.toMatchObject({
      user: { id: user.id },
    });
  });

  it('reset-password sets the new password and revokes every refresh token of the user', async () => {
    const signedUp = await signUp();
    const email = signedUp.user.email;
    const other = await logInUser({ deps: deps(), email, password });
    const code = await codeFor(email, 'reset-password');
    const newPassword = 'a brand new passphrase';
    await expect(
      verifyOtp({ deps: deps(), otp, email, purpose: 'reset-password', code, newPassword }),
    ).resolves.toBeUndefined();
    for (const session of [signedUp, other]) {
      await expect(
        refreshSession({ deps: deps(), refreshToken: session.refreshToken }),
      ).rejects.toMatchObject({
        code: AUTH_ERRORS.refreshTokenReused().code,
      });
    }
    await expect(logInUser({ deps: deps(), email, password })).rejects.toMatchObject({
      code: AUTH_ERRORS.invalidCredentials().code,
    });
    await expect(logInUser({ deps: deps(), email, password: newPassword })).resolves.toMatchObject({
      user: { id: signedUp.user.id },
    });
  });

  it('refuses reset-password without a new password, without using an attempt', async () => {
    const { user } = await signUp();
    const code = await codeFor(user.email, 'reset-password');
    for (let i = 0; i < 5; i++) {
      await expect(
        verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'reset-password', code }),
      ).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    await expect(
      verifyOtp({
        deps: deps(),
        otp,
        email: user.email,
        purpose: 'reset-password',
        code,
        newPassword: 'long enough now',
      }),
    ).resolves.toBeUndefined();
  });

  it('kills the code after 5 attempts, even for the right code after that', async () => {
    const { user } = await signUp();
    const code = await codeFor(user.email, 'login');
    for (let i = 0; i < 4; i++) {
      await expect(
        verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'login', code: wrong(code) }),
      ).rejects.toMatchObject(invalid);
    }
    // The 5th attempt is still a real one.
    await expect(
      verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'login', code: wrong(code) }),
    ).rejects.toMatchObject(invalid);
    await expect(
      verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'login', code }),
    ).rejects.toMatchObject(invalid);
  });

  it('accepts the right code on the 5th attempt', async () => {
    const { user } = await signUp();
    const code = await codeFor(user.email, 'login');
    for (let i = 0; i < 4; i++) {
      await expect(
        verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'login', code: wrong(code) }),
      ).rejects.toMatchObject(invalid);
    }
    await expect(
      verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'login', code }),
    ).resolves.toMatchObject({
      user: { id: user.id },
    });
  });

  it('replaces the live code with a new request, and keeps purposes apart', async () => {
    const { user } = await signUp();
    const first = await codeFor(user.email, 'login');
    const second = await codeFor(user.email, 'login', 2);
    if (first !== second) {
      await expect(
        verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'login', code: first }),
      ).rejects.toMatchObject(invalid);
    }
    await expect(
      verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'verify-email', code: second }),
    ).rejects.toMatchObject(invalid);
    await expect(
      verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'login', code: second }),
    ).resolves.toBeDefined();
  });

  it('lets only one of two parallel right answers through', async () => {
    const { user } = await signUp();
    const code = await codeFor(user.email, 'verify-email');
    const outcomes = await Promise.allSettled(
      [1, 2].map(() => verifyOtp({ deps: deps(), otp, email: user.email, purpose: 'verify-email', code })),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('refuses a code after it expired', async () => {
    const shortLived = otpTestDeps({ OTP_TTL_SECONDS: '1' });
    try {
      const { user } = await signUp();
      await requestOtp({ deps: deps(), otp: shortLived, email: user.email, purpose: 'login' });
      const code = await latestCodeTo(user.email);
      await sleep(1500); // past the 1 s TTL Redis enforces
      await expect(
        verifyOtp({ deps: deps(), otp: shortLived, email: user.email, purpose: 'login', code }),
      ).rejects.toMatchObject(invalid);
    } finally {
      await shortLived.close();
    }
  });

  it('answers an unknown email with the same otp_invalid', async () => {
    await expect(
      verifyOtp({
        deps: deps(),
        otp,
        email: `nobody-${randomUUID()}@example.test`,
        purpose: 'login',
        code: '123456',
      }),
    ).rejects.toMatchObject({ code: invalid.code, detail: AUTH_ERRORS.otpInvalid().detail });
  });
});
