import { eventually } from './eventually';
import { requireTestEnv } from './require-env';

// The OTP tests read the mail StreamHub really sent, through the HTTP API of
// the Mailpit that `npm test` runs (tilt/local/servers/mailpit.ts).

export interface ReceivedMail {
  id: string;
  subject: string;
  text: string;
  html: string;
}

interface MessageSummary {
  ID: string;
  Created: string;
  To: Array<{ Address: string }> | null;
}

/** SMTP_URL (for the app) and MAILPIT_URL (to read what arrived); fails, never skips, when unset. */
export function requireMailpit(): { smtpUrl: string; mailpitUrl: string } {
  const env = requireTestEnv(['SMTP_URL', 'MAILPIT_URL']);
  return { smtpUrl: env.SMTP_URL, mailpitUrl: env.MAILPIT_URL };
}

async function getJson<T>(path: string): Promise<T> {
  const { mailpitUrl } = requireMailpit();
  const response = await fetch(`${mailpitUrl}${path}`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`Mailpit GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Every message to exactly this address, oldest first. */
export async function mailsTo(address: string): Promise<ReceivedMail[]> {
  const query = encodeURIComponent(`to:"${address}"`);
  const found = await getJson<{ messages: MessageSummary[] }>(`/api/v1/search?query=${query}&limit=200`);
  const summaries = found.messages
    .filter((message) => message.To?.some((to) => to.Address.toLowerCase() === address.toLowerCase()))
    .sort((a, b) => a.Created.localeCompare(b.Created));
  return Promise.all(
    summaries.map(async (summary) => {
      const message = await getJson<{ Subject: string; Text: string; HTML: string }>(
        `/api/v1/message/${summary.ID}`,
      );
      return { id: summary.ID, subject: message.Subject, text: message.Text, html: message.HTML };
    }),
  );
}

/** Waits until at least `count` messages reached the address; returns them all, oldest first. */
export function waitForMails(address: string, count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
  return eventually(
    async () => {
      const mails = await mailsTo(address);
      return mails.length >= count ? mails : undefined;
    },
    `${count} mail(s) to ${address} in Mailpit`,
    timeoutMs,
  );
}

/** The six-digit code in a mail's text part. */
export function codeIn(mail: ReceivedMail): string {
  const match = /\b(\d{6})\b/.exec(mail.text);
  if (!match) throw new Error(`no 6-digit code in the mail "${mail.subject}": ${mail.text}`);
  return match[1]!;
}

/**
 * The code in the newest of at least `count` mails to the address, or in the
 * newest with this subject: two mails sent within the same millisecond (the
 * sign-up's and a code asked for right after it) may be listed either way.
 */
export async function latestCodeTo(address: string, count = 1, subject?: string): Promise<string> {
  const mails = (await waitForMails(address, count)).filter((mail) => !subject || mail.subject === subject);
  if (mails.length === 0) throw new Error(`no mail "${subject}" to ${address} in Mailpit`);
  return codeIn(mails[mails.length - 1]!);
}
