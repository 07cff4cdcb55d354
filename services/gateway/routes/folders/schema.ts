import { z } from 'zod';
import { FileName } from '../files/schema';

export const CreateFolderBody = z.object({ name: FileName, parentId: z.uuid().optional() });
// Strict, like a file's PATCH: only the name and the parent are writable.
export const UpdateFolderBody = z.strictObject({
  name: FileName.optional(),
  parentId: z.uuid().nullable().optional(),
});
export const FolderParams = z.object({ id: z.uuid() });
export const ListFoldersQuery = z.object({
  parentId: z
    .union([z.uuid(), z.literal('root')])
    .default('root')
    .describe('a folder id (the caller’s own or one shared with the caller), or root'),
  q: z.string().trim().min(1).max(255).optional().describe('case-insensitive substring of the name'),
  sort: z.enum(['name', '-name', 'createdAt', '-createdAt']).default('name'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1024).optional(),
});
export type CreateFolderBody = z.infer<typeof CreateFolderBody>;
export type UpdateFolderBody = z.infer<typeof UpdateFolderBody>;
export type FolderParams = z.infer<typeof FolderParams>;
export type ListFoldersQuery = z.infer<typeof ListFoldersQuery>;
