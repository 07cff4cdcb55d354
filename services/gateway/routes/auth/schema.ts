import { z } from 'zod';

// bcrypt ignores everything after 72 bytes, so longer passwords are refused
// rather than silently truncated.
const MAX_PASSWORD_BYTES = 72;

export const EmailSchema = z.email().max(254);
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

export type SignUpBody = z.infer<typeof SignUpBody>;
export type LogInBody = z.infer<typeof LogInBody>;
export type RefreshTokenBody = z.infer<typeof RefreshTokenBody>;
