import { passwordWeakness } from '../../internal/password-strength';
import { revokeSessions } from '../../internal/session-revocations';
import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { hashOtpCode, otpHashesMatch } from '../otp/codes';
import type { OtpDeps } from '../otp/deps';
import type { OtpPurpose } from '../otp/purposes';
import { otpStore } from '../otp/store';
import { authStore, type UserRow } from '../store';
import { markEmailVerified } from './mark-email-verified';
import { normalizeEmail } from './sign-up-user';
import { startSession, type Session } from './start-session';

/**
 * Checks the code for (email, purpose) and does what the purpose says:
 * verify-email marks the address verified; login starts a session, like a
 * password login; reset-password sets the new password and revokes every
 * refresh token of the user. Proving the mailbox also verifies the email.
 * Every failure (wrong, expired, used up, unknown email) is `otp_invalid`.
 */
export async function verifyOtp(props: {
  deps: AuthDeps;
  otp: OtpDeps;
  email: string;
  purpose: OtpPurpose;
  code: string;
  newPassword?: string;
}): Promise<Session | undefined> {
  const { deps, otp, purpose } = props;
  // Before the attempt is counted: a malformed request must not burn one.
  if (purpose === 'reset-password' && !props.newPassword) throw AUTH_ERRORS.otpNewPasswordMissing();
  const weakness = purpose === 'reset-password' ? passwordWeakness(props.newPassword!) : undefined;
  if (weakness) throw AUTH_ERRORS.weakPassword('body.newPassword', weakness);
  const email = normalizeEmail(props.email);
  const otpKey = await deps.keys.otpKey();
  const presented = hashOtpCode(otpKey, { email, purpose, code: props.code });
  const attempt = await otpStore.takeAttempt(otp.redis, {
    purpose,
    email,
    maxAttempts: otp.settings.maxAttempts,
  });
  if (!attempt || !otpHashesMatch(attempt.hash, presented)) throw AUTH_ERRORS.otpInvalid();
  if (!attempt.consumed && !(await otpStore.consume(otp.redis, { purpose, email, hash: attempt.hash })))
    throw AUTH_ERRORS.otpInvalid(); // a parallel request used it, or a new code replaced it

  // A code is stored for unknown emails too; it was never sent, but say the same.
  const user = await authStore.findUserByEmail(deps.db, email);
  if (!user) throw AUTH_ERRORS.otpInvalid();
  switch (purpose) {
    case 'verify-email':
      await deps.db.transaction((trx) => markEmailVerified(trx, user));
      return undefined;
    case 'login':
      return logIn(deps, user);
    case 'reset-password':
      await resetPassword(deps, user, props.newPassword!);
      return undefined;
  }
}

async function logIn(deps: AuthDeps, user: UserRow): Promise<Session> {
  if (user.disabled_at) throw AUTH_ERRORS.accountDisabled();
  return deps.db.transaction(async (trx) => {
    const verified = await markEmailVerified(trx, user);
    return startSession({ trx, deps, user: verified });
  });
}

async function resetPassword(deps: AuthDeps, user: UserRow, newPassword: string): Promise<void> {
  // Hash before the transaction: bcrypt is slow and must not hold a connection.
  const passwordHash = await deps.passwords.hash(newPassword);
  await deps.db.transaction(async (trx) => {
    await authStore.setPasswordHash(trx, user.id, passwordHash);
    await markEmailVerified(trx, user);
    // Whoever knew the old password may hold a session: end them all.
    await authStore.revokeAllRefreshTokens(trx, user.id);
  });
  // After the commit, the access tokens already issued end too (within a
  // second on every gateway), not at their expiry up to 15 minutes later.
  await revokeSessions(
    deps.redis,
    { userId: user.id, revokedAtMs: Date.now() },
    deps.tokens.accessTokenTtlSeconds * 1000,
  );
}
