import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { Share, SharedItem } from '../../../proto/gen/files/v1/files_pb.js';
import { AppError } from '../../internal/errors';
import { FileSchema, FolderSchema, presentFile, presentFolder } from './file';

const iso = (value: Timestamp | undefined) => (value ? timestampDate(value).toISOString() : '');

// Nothing here says whether an account has the address: the answer is the
// same for known and unknown emails (docs/authorization.md#shares).
export const ShareSchema = z
  .object({
    id: z.uuid(),
    itemKind: z.enum(['file', 'folder']),
    itemId: z.uuid(),
    email: z.email(),
    role: z.enum(['viewer', 'editor']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Share' });

export const SharedItemSchema = z
  .object({
    kind: z.enum(['file', 'folder']),
    role: z.enum(['viewer', 'editor']),
    sharedAt: z.iso.datetime(),
    file: FileSchema.optional(),
    folder: FolderSchema.optional(),
  })
  .meta({
    id: 'SharedItem',
    description: 'A file or folder someone shared with the caller, and the role given',
  });

export function presentShare(share: Share | undefined): z.infer<typeof ShareSchema> {
  if (!share) throw new AppError('internal', 'the files service answered without a share');
  return {
    id: share.id,
    itemKind: share.itemKind as 'file' | 'folder',
    itemId: share.itemId,
    email: share.email,
    role: share.role as 'viewer' | 'editor',
    createdAt: iso(share.createdAt),
  };
}

export function presentSharedItem(item: SharedItem): z.infer<typeof SharedItemSchema> {
  const shared = { role: item.role as 'viewer' | 'editor', sharedAt: iso(item.sharedAt) };
  if (item.item.case === 'file') return { kind: 'file', ...shared, file: presentFile(item.item.value) };
  return { kind: 'folder', ...shared, folder: presentFolder(item.item.value) };
}
