import type { STORAGE_ERROR_CODES } from '../internal/error-codes/storage';
import { errorFactory, type CommonErrorCode, type FieldProblem } from '../internal/errors';

// Every error the storage service can answer with, by name; the codes and
// their kinds are in services/internal/error-codes/storage.ts.
const storageError = errorFactory<keyof typeof STORAGE_ERROR_CODES | CommonErrorCode>();

export const STORAGE_ERRORS = {
  invalidRequest: (fields: FieldProblem[]) =>
    storageError('invalid_argument', 'the storage request is invalid', fields),
  objectTooLarge: (maxBytes: number) =>
    storageError('object_too_large', `an object can be at most ${maxBytes} bytes`),
  objectNotFound: () => storageError('object_not_found', 'the object does not exist'),
  uploadNotFound: () =>
    storageError(
      'multipart_upload_not_found',
      'the multipart upload does not exist: it was completed, aborted or expired; start a new upload',
    ),
  partsRejected: (reason: string) =>
    storageError('upload_parts_rejected', `the storage refused the uploaded parts: ${reason}`, [
      { field: 'parts', message: reason },
    ]),
};
