// A sign-up answers before its verify-email mail is sent: the app sends its
// mail one message at a time (services/internal/mail/mailer.ts), so a
// thousand sign-ups leave a queue that takes tens of seconds to drain. A
// measured row that starts before it has drained shares the app's CPU with
// SMTP (nodemailer and Mailpit showed in the fan-out rows' profile). The
// bench waits for the last of those mails in the Mailpit the app sends to.
import { setTimeout as sleep } from 'node:timers/promises';
import { useLocalMailpit } from './verified-user';

/** No new mail for this long: the app's queue has drained (it sends back to back). */
const QUIET_MS = 3_000;
const TIMEOUT_MS = 5 * 60_000;

interface Search {
  messages_count: number;
  messages: Array<{ Created: string }>;
}

/**
 * Resolves once no mail to an address starting with `prefix` has arrived
 * for a few seconds; returns how many there are. (Mailpit keeps only its
 * newest messages, so the count is not compared with the sign-ups.)
 */
export async function signUpMailsSent(prefix: string): Promise<number> {
  useLocalMailpit();
  const mailpitUrl = process.env.MAILPIT_URL!;
  const query = encodeURIComponent(`to:"${prefix}"`);
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(`${mailpitUrl}/api/v1/search?query=${query}&limit=1`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`Mailpit search answered ${response.status}`);
    const found = (await response.json()) as Search;
    const newest = found.messages[0];
    if (newest && Date.now() - Date.parse(newest.Created) >= QUIET_MS) return found.messages_count;
    await sleep(500);
  }
  throw new Error(
    `the sign-ups' mails to ${prefix}… were still arriving after ${TIMEOUT_MS / 60_000} minutes`,
  );
}
