import { z } from 'zod';
import { FileName } from '../files/schema';

export const CreateFolderBody = z.object({ name: FileName, parentId: z.uuid().optional() });
// Strict, like a file's PATCH: only the name and the parent are writable.
export const UpdateFolderBody = z.strictObject({
  name: FileName.optional(),
  parentId: z.uuid().nullable().optional(),
});
export const FolderParams = z.object({ id: z.uuid() });
export type CreateFolderBody = z.infer<typeof CreateFolderBody>;
export type UpdateFolderBody = z.infer<typeof UpdateFolderBody>;
export type FolderParams = z.infer<typeof FolderParams>;
