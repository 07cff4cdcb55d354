import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { FilesService } from '../../proto/gen/files/v1/files_pb.js';
import { abortUpload } from './commands/abort-upload';
import { completeUpload } from './commands/complete-upload';
import { createUpload } from './commands/create-upload';
import { emptyTrash } from './commands/empty-trash';
import { createFolder, getFolder, updateFolder, type FolderRow } from './commands/folders';
import { getDownloadUrl } from './commands/get-download-url';
import { getFile } from './commands/get-file';
import { getStorageStats } from './commands/get-storage-stats';
import { getUsage } from './commands/get-usage';
import { listFiles, type FileView } from './commands/list-files';
import { listVersions } from './commands/list-versions';
import { presignUploadParts } from './commands/presign-upload-parts';
import { reconcileUsage, type UsageFigures } from './commands/reconcile-usage';
import { restoreFile } from './commands/restore-file';
import { restoreVersion } from './commands/restore-version';
import { trashFile } from './commands/trash-file';
import { trashFolder } from './commands/trash-folder';
import { updateFile } from './commands/update-file';
import type { FilesDeps } from './deps';
import type { FileRow } from './store';

const optionalTime = (value: Date | null) => (value ? timestampFromDate(value) : undefined);
const VIEWS: FileView[] = ['all', 'recent', 'trash'];

// gRPC <-> commands, nothing else.
export function createFilesHandlers(deps: FilesDeps): ServiceImpl<typeof FilesService> {
  return {
    async createUpload(request) {
      const { file, upload, expiresAt } = await createUpload({
        deps,
        userId: request.userId,
        name: request.name,
        size: Number(request.size),
        contentType: request.contentType,
        folderId: request.folderId || undefined,
        sha256: request.sha256Hex || undefined,
        fileId: request.fileId || undefined,
      });
      return { file: toFileMessage(file), upload: upload.upload, expiresAt: timestampFromDate(expiresAt) };
    },
    async presignUploadParts(request) {
      return {
        parts: await presignUploadParts({
          deps,
          userId: request.userId,
          fileId: request.fileId,
          partNumbers: request.partNumbers,
        }),
      };
    },
    async completeUpload(request) {
      return {
        file: toFileMessage(
          await completeUpload({
            deps,
            userId: request.userId,
            fileId: request.fileId,
            parts: request.parts,
          }),
        ),
      };
    },
    async abortUpload(request) {
      await abortUpload({ deps, userId: request.userId, fileId: request.fileId });
      return {};
    },
    async getFile(request) {
      return { file: toFileMessage(await getFile({ deps, userId: request.userId, fileId: request.fileId })) };
    },
    async updateFile(request) {
      const file = await updateFile({
        deps,
        userId: request.userId,
        fileId: request.fileId,
        name: request.name,
        folderId: request.folderId,
        starred: request.starred,
      });
      return { file: toFileMessage(file) };
    },
    async listFiles(request) {
      const view = VIEWS.includes(request.view as FileView) ? (request.view as FileView) : 'all';
      const { files, nextCursor } = await listFiles({
        deps,
        userId: request.userId,
        view,
        folderId: request.folderId === undefined ? undefined : request.folderId || null,
        query: request.query || undefined,
        starred: request.starred,
        sort: request.sort || undefined,
        limit: request.limit,
        cursor: request.cursor || undefined,
      });
      return { files: files.map(toFileMessage), nextCursor: nextCursor ?? '' };
    },
    async getDownloadUrl(request) {
      const { url, expiresAt } = await getDownloadUrl({
        deps,
        userId: request.userId,
        fileId: request.fileId,
      });
      return { url, expiresAt: timestampFromDate(expiresAt) };
    },
    async trashFile(request) {
      return {
        file: toFileMessage(await trashFile({ deps, userId: request.userId, fileId: request.fileId })),
      };
    },
    async restoreFile(request) {
      return {
        file: toFileMessage(await restoreFile({ deps, userId: request.userId, fileId: request.fileId })),
      };
    },
    async emptyTrash(request) {
      return { files: await emptyTrash({ deps, userId: request.userId }) };
    },
    async listVersions(request) {
      const { versions, current } = await listVersions({
        deps,
        userId: request.userId,
        fileId: request.fileId,
      });
      return {
        versions: versions.map((version) => ({
          version: version.version,
          size: BigInt(version.size),
          contentType: version.content_type,
          status: version.status,
          current: version.version === current,
          createdAt: timestampFromDate(version.created_at),
        })),
      };
    },
    async restoreVersion(request) {
      return {
        file: toFileMessage(
          await restoreVersion({
            deps,
            userId: request.userId,
            fileId: request.fileId,
            version: request.version,
          }),
        ),
      };
    },
    async createFolder(request) {
      return {
        folder: toFolderMessage(
          await createFolder({
            deps,
            userId: request.userId,
            name: request.name,
            parentId: request.parentId || undefined,
          }),
        ),
      };
    },
    async getFolder(request) {
      return {
        folder: toFolderMessage(
          await getFolder({ deps, userId: request.userId, folderId: request.folderId }),
        ),
      };
    },
    async updateFolder(request) {
      const folder = await updateFolder({
        deps,
        userId: request.userId,
        folderId: request.folderId,
        name: request.name,
        parentId: request.parentId,
      });
      return { folder: toFolderMessage(folder) };
    },
    async trashFolder(request) {
      return { files: await trashFolder({ deps, userId: request.userId, folderId: request.folderId }) };
    },
    async getUsage(request) {
      return { usage: await getUsage({ deps, userId: request.userId }) };
    },
    async reconcileUsage(request) {
      const result = await reconcileUsage({ deps, userId: request.userId || undefined, fix: request.fix });
      const figures = (value: UsageFigures) => ({
        usedBytes: BigInt(value.usedBytes),
        reservedBytes: BigInt(value.reservedBytes),
        fileCount: value.fileCount,
      });
      return {
        checkedUsers: result.checkedUsers,
        drift: result.drift.map((drift) => ({
          userId: drift.userId,
          recorded: figures(drift.recorded),
          fromRows: figures(drift.fromRows),
          storedBytes: BigInt(drift.stored.bytes),
          storedVersions: drift.stored.versions,
          problems: drift.problems,
        })),
        unknownPrefixes: result.unknownPrefixes.map((prefix) => ({ ...prefix, bytes: BigInt(prefix.bytes) })),
        fixed: result.fixed,
      };
    },
    async getStorageStats(request) {
      return getStorageStats({ deps, days: Math.min(Math.max(request.days || 30, 1), 366) });
    },
  };
}

function toFileMessage(file: FileRow) {
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

function toFolderMessage(folder: FolderRow) {
  return {
    id: folder.id,
    name: folder.name,
    parentId: folder.parent_id ?? '',
    createdAt: timestampFromDate(folder.created_at),
    updatedAt: timestampFromDate(folder.updated_at),
  };
}
