import nodemailer, { type Transporter } from 'nodemailer';
import type { ConfigSection } from '../config';
import type { Logger } from '../logger';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /**
   * Queues a message and returns at once; the message goes out after every
   * message queued before it. A failure is logged, not thrown: the caller has
   * already answered its client, and must answer the same whether or not a
   * mail was sent (docs/otp.md).
   */
  enqueue(message: MailMessage): void;
  /** Resolves once every queued message was sent or failed. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Sends over SMTP (SMTP_URL) from MAIL_FROM, one message at a time, in order. */
export function createSmtpMailer(config: ConfigSection<'mail'>, logger: Logger): Mailer {
  const transport: Transporter = nodemailer.createTransport(config.smtpUrl);
  // One chain: a burst of requests cannot open a burst of SMTP connections,
  // and mail leaves in the order it was asked for.
  let queue: Promise<void> = Promise.resolve();
  return {
    enqueue(message) {
      queue = queue.then(async () => {
        try {
          await transport.sendMail({ from: config.from, ...message });
        } catch (error) {
          logger.error({ err: error, subject: message.subject }, 'could not send mail');
        }
      });
    },
    drain: () => queue,
    async close() {
      await queue;
      transport.close();
    },
  };
}
