import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { FolderRow } from './commands/folders';
import type { FileRow } from './store';

// A file or folder row as its gRPC message, for every handler of the service.

const optionalTime = (value: Date | null) => (value ? timestampFromDate(value) : undefined);

export function fileMessage(file: FileRow) {
  return {
    id: file.id,
    name: file.name,
    size: BigInt(file.size),
    contentType: file.content_type,
    status: file.status,
    folderId: file.folder_id ?? '',
    starred: file.starred,
    version: file.current_version,
    createdAt: timestampFromDate(file.created_at),
    updatedAt: timestampFromDate(file.updated_at),
    trashedAt: optionalTime(file.trashed_at),
    purgeAt: optionalTime(file.purge_at),
  };
}

export function folderMessage(folder: FolderRow) {
  return {
    id: folder.id,
    name: folder.name,
    parentId: folder.parent_id ?? '',
    createdAt: timestampFromDate(folder.created_at),
    updatedAt: timestampFromDate(folder.updated_at),
  };
}
