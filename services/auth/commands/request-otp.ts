import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { hashOtpCode, newOtpCode } from '../otp/codes';
import type { OtpDeps } from '../otp/deps';
import { otpMessage } from '../otp/messages';
import type { OtpPurpose } from '../otp/purposes';
import { otpStore } from '../otp/store';
import { authStore } from '../store';
import { normalizeEmail } from './sign-up-user';

/**
 * Makes a new code for (email, purpose), replacing any live one, and mails it
 * if the account exists. An unknown email gets the same work (a code is made,
 * hashed and stored; nobody ever sees it) and the same answer, and the mail
 * is queued rather than awaited, so neither the answer nor its timing says
 * whether the address has an account.
 */
export async function requestOtp(props: {
  deps: AuthDeps;
  otp: OtpDeps;
  email: string;
  purpose: OtpPurpose;
}): Promise<void> {
  const { deps, otp, purpose } = props;
  const email = normalizeEmail(props.email);
  const { emailMax, emailWindowSeconds } = otp.settings;
  // Counted for every address, known or not, so the limit leaks nothing either.
  const requests = await otpStore.countRequest(otp.redis, { email, windowSeconds: emailWindowSeconds });
  if (requests > emailMax) throw AUTH_ERRORS.otpRequestsPerEmail(emailWindowSeconds);

  const user = await authStore.findUserByEmail(deps.db, email);
  await issueOtp({ deps, otp, email, purpose, mailTo: user?.email });
}

/**
 * Makes, stores and (when `mailTo` is set) mails a code, replacing any live
 * one; no rate limit. Sign-up calls it to send the verify-email code.
 */
export async function issueOtp(props: {
  deps: AuthDeps;
  otp: OtpDeps;
  email: string;
  purpose: OtpPurpose;
  mailTo: string | undefined;
}): Promise<void> {
  const { deps, otp, email, purpose, mailTo } = props;
  const { ttlSeconds } = otp.settings;
  const code = newOtpCode();
  const hash = hashOtpCode(await deps.keys.otpKey(), { email, purpose, code });
  await otpStore.put(otp.redis, { purpose, email, hash, ttlSeconds });
  if (mailTo) otp.mailer.enqueue(otpMessage({ to: mailTo, purpose, code, ttlSeconds }));
}
