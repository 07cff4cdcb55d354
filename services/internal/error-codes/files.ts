import { defineErrorCodes } from './kinds';

/** The files service's codes (its factories are in services/files/errors.ts). */
export const FILES_ERROR_CODES = defineErrorCodes({
  file_not_found: { kind: 'not_found', title: 'File not found', retry: false },
  folder_not_found: { kind: 'not_found', title: 'Folder not found', retry: false },
  version_not_found: { kind: 'not_found', title: 'Version not found', retry: false },
  name_taken: { kind: 'already_exists', title: 'Name taken', retry: false },
  folder_cycle: { kind: 'invalid_argument', title: 'Folder cycle', retry: false },
  // The tree would nest deeper than MAX_FOLDER_DEPTH (a new folder, or a moved subtree).
  folder_too_deep: { kind: 'failed_precondition', title: 'Folder too deep', retry: false },
  invalid_cursor: { kind: 'invalid_argument', title: 'Invalid cursor', retry: false },
  // The REST contract (docs/api.md) names these two for POST /v1/uploads.
  payload_too_large: { kind: 'too_large', title: 'File too large for the plan', retry: false },
  quota_exceeded: { kind: 'quota_exhausted', title: 'Storage quota exceeded', retry: false },
  // Usage above the plan's quota (after a downgrade): no new uploads or versions until it fits.
  account_over_quota: { kind: 'quota_exhausted', title: 'Account over quota', retry: false },
  upload_in_progress: { kind: 'failed_precondition', title: 'Upload in progress', retry: false },
  not_uploading: { kind: 'failed_precondition', title: 'No upload in progress', retry: false },
  upload_not_multipart: { kind: 'failed_precondition', title: 'Not a multipart upload', retry: false },
  upload_not_arrived: { kind: 'failed_precondition', title: 'Upload not arrived yet', retry: true },
  upload_verification_failed: {
    kind: 'failed_precondition',
    title: 'Upload verification failed',
    retry: false,
  },
  upload_closed: { kind: 'failed_precondition', title: 'Upload closed', retry: false },
  not_trashed: { kind: 'failed_precondition', title: 'Not in the trash', retry: false },
  restore_window_closed: { kind: 'failed_precondition', title: 'Restore window closed', retry: false },
  // One answer for every refused public link (unknown, revoked, expired, exhausted, wrong password, file gone).
  link_not_found: { kind: 'not_found', title: 'Link not found', retry: false },
  // A share id that is not one of this item's shares.
  share_not_found: { kind: 'not_found', title: 'Share not found', retry: false },
});
