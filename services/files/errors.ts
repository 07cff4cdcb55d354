import type { FILES_ERROR_CODES } from '../internal/error-codes/files';
import { errorFactory, type CommonErrorCode } from '../internal/errors';

// Every error the files service can answer with, by name; the codes and
// their kinds are in services/internal/error-codes/files.ts.
const filesError = errorFactory<keyof typeof FILES_ERROR_CODES | CommonErrorCode>();

export const FILES_ERRORS = {
  fileNotFound: () => filesError('file_not_found', 'file not found'),
  folderNotFound: () => filesError('folder_not_found', 'folder not found'),
  versionNotFound: () => filesError('version_not_found', 'version not found'),
  nameTaken: () => filesError('name_taken', 'a file or folder with this name already exists in that folder'),
  tooLarge: (max: number) =>
    filesError('payload_too_large', `the file is larger than your plan allows (${max} bytes)`),
  quotaExceeded: (free: number) =>
    filesError('quota_exceeded', `the file does not fit in your remaining storage (${free} bytes free)`),
  accountOverQuota: (used: bigint, quota: bigint) =>
    filesError(
      'account_over_quota',
      `you store ${used} bytes but your plan allows ${quota}: no new uploads or versions until you free space or change plan`,
    ),
  uploadInProgress: () => filesError('upload_in_progress', 'an upload for this file is already in progress'),
  notUploading: () => filesError('not_uploading', 'this file has no upload in progress'),
  notMultipart: () =>
    filesError('upload_not_multipart', 'this upload is a single PUT, not a multipart upload'),
  notUploadedYet: () =>
    filesError('upload_not_arrived', 'the object has not arrived in storage yet; upload it, then complete'),
  verificationFailed: (reason: string) =>
    filesError('upload_verification_failed', `the upload failed: ${reason}`),
  uploadClosed: () =>
    filesError('upload_closed', 'the upload expired, was aborted or failed; start a new upload'),
  restoreWindowClosed: () =>
    filesError('restore_window_closed', 'the file is already being purged and cannot be restored'),
  folderCycle: () => filesError('folder_cycle', 'a folder cannot move into itself or one of its subfolders'),
  folderTooDeep: (maxDepth: number) =>
    filesError('folder_too_deep', `folders may nest at most ${maxDepth} levels deep`),
  notTrashed: () => filesError('not_trashed', 'the file is not in the trash'),
  forbidden: (operation: string, role: string) =>
    filesError(
      'forbidden',
      `${role}s may not ${operation.replace(/[A-Z]/g, (c) => ' ' + c.toLowerCase())} this item; ask its owner`,
    ),
  invalidSort: () =>
    filesError('invalid_argument', 'sort must be name, createdAt or size, optionally prefixed with - or +', [
      { field: 'query.sort', message: 'unknown sort field' },
    ]),
  invalidCursor: () =>
    filesError(
      'invalid_cursor',
      'the cursor is invalid or belongs to another sort order; list from the start',
      [{ field: 'query.cursor', message: 'invalid cursor' }],
    ),
  invalidPartNumbers: (partCount: number) =>
    filesError('invalid_argument', `this upload has parts 1 to ${partCount}`, [
      { field: 'body.partNumbers', message: `must be part numbers from 1 to ${partCount}` },
    ]),
  invalidUserId: () =>
    filesError('invalid_argument', 'the user id must be a UUID', [
      { field: 'query.userId', message: 'must be a UUID' },
    ]),
};
