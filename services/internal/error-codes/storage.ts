import { defineErrorCodes } from './kinds';

/** The storage service's codes (its factories are in services/storage/errors.ts). */
export const STORAGE_ERROR_CODES = defineErrorCodes({
  object_too_large: { kind: 'too_large', title: 'Object too large', retry: false },
  object_not_found: { kind: 'not_found', title: 'Object not found', retry: false },
  multipart_upload_not_found: { kind: 'not_found', title: 'Multipart upload not found', retry: false },
  upload_parts_rejected: { kind: 'invalid_argument', title: 'Upload parts rejected', retry: false },
});
