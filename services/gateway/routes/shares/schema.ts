import { z } from 'zod';

export const ItemParams = z.object({ id: z.uuid() });
export type ItemParams = z.infer<typeof ItemParams>;

export const ShareParams = z.object({ id: z.uuid(), shareId: z.uuid() });
export type ShareParams = z.infer<typeof ShareParams>;

export const CreateShareBody = z.strictObject({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email())
    .describe('whose account receives the share once that address is verified; stored lower-cased'),
  role: z.enum(['viewer', 'editor']),
});
export type CreateShareBody = z.infer<typeof CreateShareBody>;

export const SharedWithMeQuery = z.object({
  q: z.string().trim().min(1).max(255).optional().describe('case-insensitive substring of the name'),
  sort: z
    .enum(['name', '-name', 'createdAt', '-createdAt', 'size', '-size'])
    .optional()
    .describe("the item's name, creation time or size (a folder's is 0); name by default"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1024).optional(),
});
export type SharedWithMeQuery = z.infer<typeof SharedWithMeQuery>;
