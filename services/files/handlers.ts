import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import {
  ClaimStoredObjectResponse_Disposition,
  type FilesService,
} from '../../proto/gen/files/v1/files_pb.js';
import { AppError } from '../internal/errors';
import { objectRefProblems } from '../internal/object-keys';
import { abortUpload } from './commands/abort-upload';
import { claimStoredObject } from './commands/claim-stored-object';
import { completeUpload } from './commands/complete-upload';
import { createUpload } from './commands/create-upload';
import { emptyTrash } from './commands/empty-trash';
import { createFolder, getFolder, updateFolder } from './commands/folders';
import { getDownloadUrl } from './commands/get-download-url';
import { getFile } from './commands/get-file';
import { getStorageStats } from './commands/get-storage-stats';
import { getUsage } from './commands/get-usage';
import { listFiles, type FileView } from './commands/list-files';
import { listFolders } from './commands/list-folders';
import { listVersions } from './commands/list-versions';
import { presignUploadParts } from './commands/presign-upload-parts';
import { purgeFile } from './commands/purge-file';
import { reconcileUsage, type UsageFigures } from './commands/reconcile-usage';
import { restoreFile } from './commands/restore-file';
import { restoreVersion } from './commands/restore-version';
import { trashFile } from './commands/trash-file';
import { trashFolder } from './commands/trash-folder';
import { updateFile } from './commands/update-file';
import { authorizeItem } from './access/authorize';
import { authorizeCreation, authorizeUpdate } from './access/authorize-changes';
import type { FilesDeps } from './deps';
import { fileMessage, folderMessage } from './item-messages';
import { createLinkHandlers } from './links/handlers';
import { createShareHandlers } from './sharing/handlers';
import type { Operation } from '../internal/authorization';

const VIEWS: FileView[] = ['all', 'recent', 'trash'];

// gRPC <-> commands. Each item's request is first decided by the access
// rules (services/internal/authorization) for the caller, and then runs as
// the item's owner: a grantee's change lands in the owner's drive.
export function createFilesHandlers(deps: FilesDeps): ServiceImpl<typeof FilesService> {
  /** The owner a file request runs as, once the caller may do `operation` to it. */
  const fileOwner = async (callerId: string, fileId: string, operation: Operation) =>
    (await authorizeItem(deps, { callerId, kind: 'file', itemId: fileId, operation })).ownerId;
  const folderOwner = async (callerId: string, folderId: string, operation: Operation) =>
    (await authorizeItem(deps, { callerId, kind: 'folder', itemId: folderId, operation })).ownerId;

  return {
    ...createLinkHandlers(deps),
    ...createShareHandlers(deps),
    async createUpload(request) {
      const userId = request.fileId
        ? await fileOwner(request.userId, request.fileId, 'uploadNewVersion')
        : await authorizeCreation(deps, request.userId, request.folderId || undefined);
      const { file, upload, expiresAt } = await createUpload({
        deps,
        userId,
        name: request.name,
        size: Number(request.size),
        contentType: request.contentType,
        folderId: request.folderId || undefined,
        sha256: request.sha256Hex || undefined,
        fileId: request.fileId || undefined,
      });
      return { file: fileMessage(file), upload: upload.upload, expiresAt: timestampFromDate(expiresAt) };
    },
    async presignUploadParts(request) {
      return {
        parts: await presignUploadParts({
          deps,
          userId: await fileOwner(request.userId, request.fileId, 'uploadNewVersion'),
          fileId: request.fileId,
          partNumbers: request.partNumbers,
        }),
      };
    },
    async completeUpload(request) {
      return {
        file: fileMessage(
          await completeUpload({
            deps,
            userId: await fileOwner(request.userId, request.fileId, 'uploadNewVersion'),
            fileId: request.fileId,
            parts: request.parts,
          }),
        ),
      };
    },
    async abortUpload(request) {
      const userId = await fileOwner(request.userId, request.fileId, 'uploadNewVersion');
      await abortUpload({ deps, userId, fileId: request.fileId });
      return {};
    },
    async claimStoredObject(request) {
      const object = {
        userId: request.object?.userId ?? '',
        fileId: request.object?.fileId ?? '',
        version: request.object?.version ?? 0,
        attempt: request.object?.attempt ?? '',
      };
      const problems = objectRefProblems(object);
      if (problems.length > 0)
        throw new AppError('invalid_argument', 'the object reference is invalid', problems);
      const claim = await claimStoredObject({ deps, object });
      const disposition = {
        pending: ClaimStoredObjectResponse_Disposition.PENDING,
        kept: ClaimStoredObjectResponse_Disposition.KEPT,
        deleted: ClaimStoredObjectResponse_Disposition.DELETED,
        unknownOwner: ClaimStoredObjectResponse_Disposition.UNKNOWN_OWNER,
      }[claim.disposition];
      return {
        disposition,
        deletedVersions: claim.disposition === 'deleted' ? claim.deletedVersions : 0,
        traceParent: claim.disposition === 'pending' ? (claim.traceParent ?? '') : '',
      };
    },
    async getFile(request) {
      return { file: fileMessage(await getFile({ deps, userId: request.userId, fileId: request.fileId })) };
    },
    async updateFile(request) {
      const userId = await authorizeUpdate(deps, {
        callerId: request.userId,
        kind: 'file',
        itemId: request.fileId,
        name: request.name,
        destinationFolderId: request.folderId,
        starred: request.starred,
      });
      const file = await updateFile({
        deps,
        userId,
        fileId: request.fileId,
        name: request.name,
        folderId: request.folderId,
        starred: request.starred,
      });
      return { file: fileMessage(file) };
    },
    async listFiles(request) {
      const view = VIEWS.includes(request.view as FileView) ? (request.view as FileView) : 'all';
      // A folder's listing is the folder owner's files in it, for whoever may list it.
      const userId = request.folderId
        ? await folderOwner(request.userId, request.folderId, 'list')
        : request.userId;
      const { files, nextCursor } = await listFiles({
        deps,
        userId,
        view,
        folderId: request.folderId === undefined ? undefined : request.folderId || null,
        query: request.query || undefined,
        starred: request.starred,
        sort: request.sort || undefined,
        limit: request.limit,
        cursor: request.cursor || undefined,
      });
      return { files: files.map(fileMessage), nextCursor: nextCursor ?? '' };
    },
    async getDownloadUrl(request) {
      const { ownerId, file } = await authorizeItem(deps, {
        callerId: request.userId,
        kind: 'file',
        itemId: request.fileId,
        operation: 'download',
      });
      const { url, expiresAt } = await getDownloadUrl({
        deps,
        userId: ownerId,
        fileId: request.fileId,
        file,
      });
      return { url, expiresAt: timestampFromDate(expiresAt) };
    },
    async trashFile(request) {
      return {
        file: fileMessage(
          await trashFile({
            deps,
            userId: await fileOwner(request.userId, request.fileId, 'trash'),
            fileId: request.fileId,
          }),
        ),
      };
    },
    async restoreFile(request) {
      return {
        file: fileMessage(
          await restoreFile({
            deps,
            userId: await fileOwner(request.userId, request.fileId, 'restore'),
            fileId: request.fileId,
          }),
        ),
      };
    },
    async emptyTrash(request) {
      return { files: await emptyTrash({ deps, userId: request.userId }) };
    },
    async purgeFile(request) {
      const userId = await fileOwner(request.userId, request.fileId, 'purge');
      return { file: fileMessage(await purgeFile({ deps, userId, fileId: request.fileId })) };
    },
    async listVersions(request) {
      const { versions, current } = await listVersions({
        deps,
        userId: await fileOwner(request.userId, request.fileId, 'listVersions'),
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
        file: fileMessage(
          await restoreVersion({
            deps,
            userId: await fileOwner(request.userId, request.fileId, 'uploadNewVersion'),
            fileId: request.fileId,
            version: request.version,
          }),
        ),
      };
    },
    async createFolder(request) {
      return {
        folder: folderMessage(
          await createFolder({
            deps,
            userId: await authorizeCreation(deps, request.userId, request.parentId || undefined),
            name: request.name,
            parentId: request.parentId || undefined,
          }),
        ),
      };
    },
    async getFolder(request) {
      return {
        folder: folderMessage(
          await getFolder({
            deps,
            userId: await folderOwner(request.userId, request.folderId, 'readMetadata'),
            folderId: request.folderId,
          }),
        ),
      };
    },
    async listFolders(request) {
      // A shared folder's subfolders are its owner's folders, for whoever may list it.
      const ownerId = request.parentId
        ? await folderOwner(request.userId, request.parentId, 'list')
        : request.userId;
      const { folders, nextCursor } = await listFolders({
        deps,
        ownerId,
        parentId: request.parentId || null,
        query: request.query || undefined,
        sort: request.sort || undefined,
        limit: request.limit,
        cursor: request.cursor || undefined,
      });
      return { folders: folders.map(folderMessage), nextCursor: nextCursor ?? '' };
    },
    async updateFolder(request) {
      const userId = await authorizeUpdate(deps, {
        callerId: request.userId,
        kind: 'folder',
        itemId: request.folderId,
        name: request.name,
        destinationFolderId: request.parentId,
      });
      const folder = await updateFolder({
        deps,
        userId,
        folderId: request.folderId,
        name: request.name,
        parentId: request.parentId,
      });
      return { folder: folderMessage(folder) };
    },
    async trashFolder(request) {
      const userId = await folderOwner(request.userId, request.folderId, 'trash');
      return { files: await trashFolder({ deps, userId, folderId: request.folderId }) };
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
