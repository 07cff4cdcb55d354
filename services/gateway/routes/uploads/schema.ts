import { z } from 'zod';
import { ContentType, FileName, Sha256 } from '../files/schema';

export const CreateUploadBody = z.object({
  name: FileName,
  size: z
    .number()
    .int()
    .min(0)
    .max(5 * 1024 ** 4),
  contentType: ContentType,
  folderId: z.uuid().optional(),
  sha256: Sha256.optional(),
});
export type CreateUploadBody = z.infer<typeof CreateUploadBody>;

export const PartsBody = z.object({
  partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(1000),
});
export type PartsBody = z.infer<typeof PartsBody>;

export const CompleteBody = z.object({
  parts: z
    .array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(256) }))
    .max(10_000)
    .optional(),
});
export type CompleteBody = z.infer<typeof CompleteBody>;

export const UploadParams = z.object({ fileId: z.uuid() });
export type UploadParams = z.infer<typeof UploadParams>;
