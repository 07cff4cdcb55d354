import { z } from 'zod';

// bcrypt ignores everything after 72 bytes, so longer passwords are refused
// rather than silently truncated.
const MAX_PASSWORD_BYTES = 72;

// RFC 5321 allows 64 octets before the @; longer addresses fail to deliver,
// and clients validating our answers against the OpenAPI format reject them.
export const EmailSchema = z
  .email()
  .max(254)
  .refine((email) => Buffer.byteLength(email.slice(0, email.lastIndexOf('@')), 'utf8') <= 64, {
    message: 'the part before @ must be at most 64 bytes',
  });
export const PasswordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .refine(
    (value) => Buffer.byteLength(value, 'utf8') <= MAX_PASSWORD_BYTES,
    `must be at most ${MAX_PASSWORD_BYTES} bytes`,
  );

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
    newPassword: PasswordSchema.optional().describe('Required for reset-password; checked like at signup'),
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
