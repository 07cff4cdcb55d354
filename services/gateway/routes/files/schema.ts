import { z } from 'zod';

// Names are shown in folders and sent back in Content-Disposition: no path
// separators or control characters, and a sane length. Nor bidirectional
// controls (embeddings, overrides, isolates, marks): they make a name display
// otherwise than it reads ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf").
const isControl = (char: string) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

export const FileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine(
    (name) => !/[/\\]/.test(name) && ![...name].some(isControl) && name !== '.' && name !== '..',
    'must not contain / \\ or control characters',
  )
  .refine((name) => !BIDI_CONTROLS.test(name), 'must not contain bidirectional control characters');

export const ContentType = z
  .string()
  .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type like text/plain')
  .max(255);
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');

export const FileIdParams = z.object({ id: z.uuid() });
// Versions are int4 in Postgres: a larger number failed the query with a 500.
export const VersionParams = z.object({
  id: z.uuid(),
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
});
export type FileIdParams = z.infer<typeof FileIdParams>;
export type VersionParams = z.infer<typeof VersionParams>;

const limit = z.coerce.number().int().min(1).max(100).default(50);
const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const ListFilesQuery = z.object({
  folderId: z
    .union([z.uuid(), z.literal('root')])
    .optional()
    .describe('a folder id, or root; absent lists every folder'),
  q: z.string().trim().min(1).max(255).optional().describe('case-insensitive substring of the name'),
  starred: booleanQuery.optional(),
  sharedWithMe: booleanQuery
    .optional()
    .describe(
      'true: the files others shared with the caller (q, sort, limit and cursor apply; folderId and starred cannot be combined)',
    ),
  sort: z.enum(['name', '-name', 'createdAt', '-createdAt', 'size', '-size']).optional(),
  limit,
  cursor: z.string().max(1024).optional(),
});
export type ListFilesQuery = z.infer<typeof ListFilesQuery>;

export const PageQuery = z.object({ limit, cursor: z.string().max(1024).optional() });
export type PageQuery = z.infer<typeof PageQuery>;

// Strict: owner, status, size, version and the like are never writable, and a
// client that sends them learns so (400 naming the field) instead of
// believing a silently ignored change happened (property-level authorization).
export const UpdateFileBody = z.strictObject({
  name: FileName.optional(),
  folderId: z.uuid().nullable().optional(),
  starred: z.boolean().optional(),
});
export type UpdateFileBody = z.infer<typeof UpdateFileBody>;

export const DownloadQuery = z.object({ redirect: booleanQuery.default(true) });
export type DownloadQuery = z.infer<typeof DownloadQuery>;

export const NewVersionBody = z.object({
  size: z.number().int().min(0),
  contentType: ContentType,
  sha256: Sha256.optional(),
});
export type NewVersionBody = z.infer<typeof NewVersionBody>;
