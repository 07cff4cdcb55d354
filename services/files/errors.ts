import { AppError } from '../internal/errors';

export const FILES_ERRORS = {
  fileNotFound: () => new AppError('not_found', 'file not found'),
  folderNotFound: () => new AppError('not_found', 'folder not found'),
  versionNotFound: () => new AppError('not_found', 'version not found'),
  nameTaken: () => new AppError('conflict', 'a file or folder with this name already exists in that folder'),
  tooLarge: (max: number) =>
    new AppError('payload_too_large', `the file is larger than your plan allows (${max} bytes)`),
  quotaExceeded: (free: number) =>
    new AppError('quota_exceeded', `the file does not fit in your remaining storage (${free} bytes free)`),
  uploadInProgress: () => new AppError('conflict', 'an upload for this file is already in progress'),
  notUploading: () => new AppError('conflict', 'this file has no upload in progress'),
  notMultipart: () => new AppError('invalid_argument', 'this upload is a single PUT, not a multipart upload'),
  notUploadedYet: () =>
    new AppError('conflict', 'the object has not arrived in storage yet; upload it, then complete'),
  uploadFailed: (reason: string) => new AppError('conflict', `the upload failed: ${reason}`),
  notReady: () => new AppError('conflict', 'the file is not ready'),
  purgeStarted: () => new AppError('conflict', 'the file is already being purged and cannot be restored'),
  folderCycle: () =>
    new AppError('invalid_argument', 'a folder cannot move into itself or one of its subfolders'),
  notTrashed: () => new AppError('conflict', 'the file is not in the trash'),
};
