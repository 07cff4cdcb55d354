import { AppError, type FieldProblem } from '../internal/errors';

// Every error the storage service can answer with, by name.
export const STORAGE_ERRORS = {
  invalidRequest: (fields: FieldProblem[]) =>
    new AppError('invalid_argument', 'the storage request is invalid', fields),
  objectTooLarge: (maxBytes: number) =>
    new AppError('payload_too_large', `an object can be at most ${maxBytes} bytes`),
  objectNotFound: () => new AppError('not_found', 'the object does not exist'),
  uploadNotFound: () =>
    new AppError(
      'not_found',
      'the multipart upload does not exist: it was completed, aborted or expired; start a new upload',
    ),
  partsRejected: (reason: string) =>
    new AppError('invalid_argument', `the storage refused the uploaded parts: ${reason}`, [
      { field: 'parts', message: reason },
    ]),
};
