// A signed-up user whose email is verified, for the sharing benchmarks: a
// share reaches only an account that proved its address. The code is read
// from the mail the app really sent, through the Mailpit the local servers
// run, with the helper the API tests use.
import { verifyEmail } from '../services/internal/testing/api-users';
import { resolvePorts } from '../tilt/local/ports';
import { mailpitSmtpUrl, mailpitUiUrl } from '../tilt/local/servers/mailpit';
import { newUser, type BenchUser } from './support';

/**
 * The Mailpit helper reads MAILPIT_URL and SMTP_URL, which `npm test` sets
 * for jest; the bench runs outside jest, against the Mailpit its stack
 * started (or reused) and the app mails through, whose ports these are.
 */
export function useLocalMailpit(): void {
  const ports = resolvePorts();
  process.env.MAILPIT_URL ||= mailpitUiUrl(ports.mailpitUi);
  process.env.SMTP_URL ||= mailpitSmtpUrl(ports.mailpitSmtp);
}

/** Signs up, then POST /v1/auth/otp/verify with the code of the sign-up's verify-email mail. */
export async function newVerifiedUser(baseUrl: string, label: string): Promise<BenchUser> {
  useLocalMailpit();
  const user = await newUser(baseUrl, label);
  await verifyEmail(baseUrl, user);
  return user;
}
