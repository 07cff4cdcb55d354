import { z } from 'zod';

export const FileLinksParams = z.object({ id: z.uuid() });
export type FileLinksParams = z.infer<typeof FileLinksParams>;

export const LinkParams = z.object({ id: z.uuid(), linkId: z.uuid() });
export type LinkParams = z.infer<typeof LinkParams>;

// The lifetime limits (default, maximum, past) are the files service's
// configuration, checked there; here only the shape.
export const CreateLinkBody = z
  .object({
    expiresAt: z.iso.datetime({ offset: true }).optional().describe('when the link stops working'),
    expiresIn: z.number().int().positive().optional().describe('or: seconds from now'),
    maxDownloads: z.number().int().min(1).max(1_000_000).optional(),
    password: z
      .string()
      .min(1)
      .refine(
        (value) => Buffer.byteLength(value, 'utf8') <= 72,
        'must be at most 72 bytes (bcrypt reads no further)',
      )
      .optional(),
  })
  .refine((body) => body.expiresAt === undefined || body.expiresIn === undefined, {
    message: 'send expiresAt or expiresIn, not both',
    path: ['expiresIn'],
  });
export type CreateLinkBody = z.infer<typeof CreateLinkBody>;

// Any string: a malformed token is answered like an unknown one (404), so the
// shape of valid tokens teaches nothing either.
export const PublicLinkParams = z.object({ token: z.string().min(1).max(256) });
export type PublicLinkParams = z.infer<typeof PublicLinkParams>;

const PASSWORD_IN_URL = 'send the password in the X-Link-Password header or a form field, never in the URL';

export const PublicLinkQuery = z.object({
  redirect: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(true),
  // URLs end up in browser history, proxies and referrers.
  password: z.never({ error: PASSWORD_IN_URL }).optional(),
});
export type PublicLinkQuery = z.infer<typeof PublicLinkQuery>;

export const PublicLinkBody = z
  .object({ password: z.string().max(128).optional() })
  .optional()
  .describe('application/x-www-form-urlencoded or JSON');
export type PublicLinkBody = z.infer<typeof PublicLinkBody>;
