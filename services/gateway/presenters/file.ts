import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { File, Folder, Version } from '../../../proto/gen/files/v1/files_pb.js';
import type { CreateUploadResponse } from '../../../proto/gen/files/v1/files_pb.js';
import { AppError } from '../../internal/errors';

const iso = (value: Timestamp | undefined) => (value ? timestampDate(value).toISOString() : undefined);

export const FileSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    status: z.enum(['pending', 'ready', 'failed', 'trashed']),
    folderId: z.uuid().nullable(),
    starred: z.boolean(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    trashedAt: z.iso.datetime().optional(),
    purgeAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'File' });

export const FileListSchema = z
  .object({ items: z.array(FileSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'FileList' });

export const UploadSchema = z
  .union([
    z.object({
      method: z.literal('PUT'),
      url: z.url(),
      headers: z.record(z.string(), z.string()),
      expiresAt: z.iso.datetime(),
    }),
    z.object({
      uploadId: z.string(),
      partSize: z.number().int(),
      partCount: z.number().int(),
      expiresAt: z.iso.datetime(),
    }),
  ])
  .meta({
    id: 'Upload',
    description:
      'A single presigned PUT (send exactly these headers), or a multipart upload whose part URLs come from /parts.',
  });

export const FolderSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    parentId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Folder' });

export const FolderListSchema = z
  .object({ items: z.array(FolderSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'FolderList' });

export const VersionSchema = z
  .object({
    version: z.number().int(),
    size: z.number().int(),
    contentType: z.string(),
    status: z.enum(['pending', 'ready']),
    current: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Version' });

export function presentFile(file: File | undefined): z.infer<typeof FileSchema> {
  if (!file) throw new AppError('internal', 'the files service answered without a file');
  return {
    id: file.id,
    name: file.name,
    size: Number(file.size),
    contentType: file.contentType,
    status: file.status as z.infer<typeof FileSchema>['status'],
    folderId: file.folderId || null,
    starred: file.starred,
    version: file.version,
    createdAt: iso(file.createdAt)!,
    updatedAt: iso(file.updatedAt)!,
    ...(file.trashedAt ? { trashedAt: iso(file.trashedAt) } : {}),
    ...(file.purgeAt ? { purgeAt: iso(file.purgeAt) } : {}),
  };
}

export function presentUpload(response: CreateUploadResponse): z.infer<typeof UploadSchema> {
  const expiresAt = iso(response.expiresAt)!;
  if (response.upload.case === 'put')
    return {
      method: 'PUT',
      url: response.upload.value.url,
      headers: response.upload.value.headers,
      expiresAt,
    };
  if (response.upload.case === 'multipart') {
    const { uploadId, partSize, partCount } = response.upload.value;
    return { uploadId, partSize: Number(partSize), partCount, expiresAt };
  }
  throw new AppError('internal', 'the files service answered without an upload');
}

export function presentFolder(folder: Folder | undefined): z.infer<typeof FolderSchema> {
  if (!folder) throw new AppError('internal', 'the files service answered without a folder');
  return {
    id: folder.id,
    name: folder.name,
    parentId: folder.parentId || null,
    createdAt: iso(folder.createdAt)!,
    updatedAt: iso(folder.updatedAt)!,
  };
}

export function presentVersion(version: Version): z.infer<typeof VersionSchema> {
  return {
    version: version.version,
    size: Number(version.size),
    contentType: version.contentType,
    status: version.status as 'pending' | 'ready',
    current: version.current,
    createdAt: iso(version.createdAt)!,
  };
}
