import type { MailMessage } from '../../internal/mail/mailer';
import type { OtpPurpose } from './purposes';

const WHAT: Record<OtpPurpose, { subject: string; action: string }> = {
  'verify-email': { subject: 'Confirm your email address', action: 'confirm your email address' },
  login: { subject: 'Your sign-in code', action: 'sign in' },
  'reset-password': { subject: 'Reset your password', action: 'choose a new password' },
};

/** The mail carrying a code: plain text and a simple HTML part saying the same. */
export function otpMessage(props: {
  to: string;
  purpose: OtpPurpose;
  code: string;
  ttlSeconds: number;
}): MailMessage {
  const { subject, action } = WHAT[props.purpose];
  const minutes = Math.max(1, Math.round(props.ttlSeconds / 60));
  const validity = `It expires in ${minutes} minute${minutes === 1 ? '' : 's'} and works once.`;
  const ignore = 'If you did not ask for it, ignore this mail: nothing changes without the code.';
  return {
    to: props.to,
    subject: `StreamHub: ${subject}`,
    text: `Your StreamHub code to ${action} is ${props.code}\n\n${validity}\n${ignore}\n`,
    // The code is six digits and the rest is our own text: nothing to escape.
    html:
      `<p>Your StreamHub code to ${action} is</p>` +
      `<p style="font-size:24px;font-weight:bold;letter-spacing:4px">${props.code}</p>` +
      `<p>${validity}</p><p>${ignore}</p>`,
  };
}
