import { z } from 'zod';
import { FileName } from '../files/schema';

export const CreateFolderBody = z.object({ name: FileName, parentId: z.uuid().optional() });
export const UpdateFolderBody = z.object({
  name: FileName.optional(),
  parentId: z.uuid().nullable().optional(),
});
export const FolderParams = z.object({ id: z.uuid() });
export type CreateFolderBody = z.infer<typeof CreateFolderBody>;
export type UpdateFolderBody = z.infer<typeof UpdateFolderBody>;
export type FolderParams = z.infer<typeof FolderParams>;
