// A signed-up user whose email is verified, for the sharing benchmarks: a
// share reaches only an account that proved its address. The code is read
// from the mail the app really sent, through the Mailpit the local servers
// run, with the same helper the OTP tests use.
import { resolvePorts } from '../tilt/local/ports';
import { mailpitUiUrl } from '../tilt/local/servers/mailpit';
import { latestCodeTo } from '../services/internal/testing/mailpit';
import { newUser, type BenchUser } from './support';

const VERIFY_EMAIL_SUBJECT = 'StreamHub: Confirm your email address';

/**
 * The Mailpit helper reads MAILPIT_URL, which `npm test` sets for jest; the
 * bench runs outside jest, against the Mailpit its stack started (or reused),
 * whose address the ports give.
 */
function useLocalMailpit(): void {
  if (!process.env.MAILPIT_URL) process.env.MAILPIT_URL = mailpitUiUrl(resolvePorts().mailpitUi);
}

/** Signs up, then POST /v1/auth/otp/verify with the code of the sign-up's verify-email mail. */
export async function newVerifiedUser(baseUrl: string, label: string): Promise<BenchUser> {
  useLocalMailpit();
  const user = await newUser(baseUrl, label);
  // By subject: shares made later may mail the grantee too.
  const code = await latestCodeTo(user.email, 1, VERIFY_EMAIL_SUBJECT);
  const verified = await user.call('POST', '/v1/auth/otp/verify', {
    body: { email: user.email, purpose: 'verify-email', code },
  });
  if (verified.status !== 204)
    throw new Error(`otp/verify answered ${verified.status}: ${JSON.stringify(verified.body)}`);
  return user;
}
