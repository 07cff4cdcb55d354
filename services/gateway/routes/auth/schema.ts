import { z } from 'zod';
import {
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_CHARACTERS,
  passwordWeakness,
} from '../../../internal/password-strength';

// RFC 5321 allows 64 octets before the @; longer addresses fail to deliver,
// and clients validating our answers against the OpenAPI format reject them.
export const EmailSchema = z
  .email()
  .max(254)
  .refine((email) => Buffer.byteLength(email.slice(0, email.lastIndexOf('@')), 'utf8') <= 64, {
    message: 'the part before @ must be at most 64 bytes',
  });
// A new password (sign-up, reset). bcrypt ignores everything after 72 bytes, so
// longer passwords are refused rather than silently truncated; weak ones are
// refused by services/internal/password-strength.ts (docs/login-protection.md).
const PASSWORD_RULES =
  `${PASSWORD_MIN_CHARACTERS} characters to ${PASSWORD_MAX_BYTES} bytes (UTF-8); not only whitespace, ` +
  'not a common password, a run such as "abcdefgh" or two characters repeated';
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_CHARACTERS, `must be at least ${PASSWORD_MIN_CHARACTERS} characters`)
  .refine(
    (value) => Buffer.byteLength(value, 'utf8') <= PASSWORD_MAX_BYTES,
    `must be at most ${PASSWORD_MAX_BYTES} bytes`,
  )
  .superRefine((value, ctx) => {
    const fits =
      value.length >= PASSWORD_MIN_CHARACTERS && Buffer.byteLength(value, 'utf8') <= PASSWORD_MAX_BYTES;
    const weakness = fits ? passwordWeakness(value) : undefined;
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  })
  // No character count can say "72 bytes"; maxLength states the most any password may have.
  .meta({ maxLength: PASSWORD_MAX_BYTES, description: PASSWORD_RULES });

export const SignUpBody = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: z.string().trim().min(1).max(100).optional(),
});

export const LogInBody = z.object({ email: EmailSchema, password: z.string().min(1).max(1024) });

export const RefreshTokenBody = z.object({ refreshToken: z.string().min(1).max(512) });

// What a one-time code is for (docs/otp.md).
export const OtpPurposeSchema = z.enum(['verify-email', 'login', 'reset-password']);

export const OtpRequestBody = z.object({ email: EmailSchema, purpose: OtpPurposeSchema });

export const OtpVerifyBody = z
  .object({
    email: EmailSchema,
    purpose: OtpPurposeSchema,
    code: z.string().regex(/^\d{6}$/, 'must be 6 digits'),
    newPassword: PasswordSchema.optional().describe(`Required for reset-password; ${PASSWORD_RULES}`),
  })
  .refine((body) => body.purpose !== 'reset-password' || body.newPassword !== undefined, {
    path: ['newPassword'],
    message: 'is required for reset-password',
  });

export type SignUpBody = z.infer<typeof SignUpBody>;
export type OtpRequestBody = z.infer<typeof OtpRequestBody>;
export type OtpVerifyBody = z.infer<typeof OtpVerifyBody>;
export type LogInBody = z.infer<typeof LogInBody>;
export type RefreshTokenBody = z.infer<typeof RefreshTokenBody>;
