import { defineQuery } from '@temporalio/workflow';

// The account-deletion process's contract, shared by the auth service (which
// owns the account and starts it), the services whose activities it runs
// (files, billing, admin) and the worker, with the workflow code.
// Deterministic and free of I/O, since the workflow imports it too.

/** The workflow type name the worker registers (the export name in workflows/index.ts). */
export const ACCOUNT_DELETION_WORKFLOW_TYPE = 'accountDeletionWorkflow';

/** `account-deletion:<userId>`: one deletion per account. */
export const accountDeletionWorkflowId = (userId: string): string => `account-deletion:${userId}`;

export interface AccountDeletionInput {
  userId: string;
  /** The admin who asked for it (the audit entry's actor). */
  requestedBy: string;
}

/** Search attributes (registered by the operator) that make the deletion findable by user. */
export const accountDeletionSearchAttributes = (input: Pick<AccountDeletionInput, 'userId'>) => ({
  UserId: [input.userId],
});

/** What support staff read in the Temporal UI: who asked, and when. Ids only, no personal data. */
export const accountDeletionMemo = (input: AccountDeletionInput, requestedAt: Date) => ({
  requestedBy: input.requestedBy,
  requestedAt: requestedAt.toISOString(),
});

export type AccountDeletionStep =
  | 'disabling account'
  | 'stopping workflows'
  | 'deleting objects'
  | 'deleting files'
  | 'waiting for open upload URLs'
  | 'deleting billing'
  | 'deleting account'
  | 'anonymising audit log'
  | 'done';

export interface AccountDeletionProgress {
  step: AccountDeletionStep;
  deletedObjectVersions: number;
  deletedFiles: number;
}

/** Where the deletion is; also what the workflow returns once done. */
export const progressQuery = defineQuery<AccountDeletionProgress>('progress');

/**
 * What the workflow asks of each service; every activity deletes only its
 * own service's rows and is idempotent: a retry, or the whole workflow run
 * again after it finished, finds nothing left and changes nothing.
 */
export interface AccountDeletionActivities {
  // auth
  /** Disables the account and ends its sessions at once; `found` is false once the account is gone. */
  disableAccountForDeletion(input: { userId: string }): Promise<{ found: boolean }>;
  /** Terminates every other running workflow carrying the user's UserId (timers, uploads, subscription). */
  stopUserWorkflows(input: { userId: string; keepWorkflowId: string }): Promise<{ terminated: number }>;
  /** Deletes the account's rows (refresh tokens cascade) and records `account.deleted`. */
  deleteAuthAccount(input: { userId: string; requestedBy: string }): Promise<{ deleted: boolean }>;
  // files
  /** Aborts the user's unfinished multipart uploads; answers until when an upload URL handed out may still PUT. */
  abortUserUploads(input: { userId: string }): Promise<{ uploadUrlsValidUntil: string | null }>;
  /** One page (up to 1,000 S3 versions) of the user's objects; repeat while `more`. */
  deleteUserObjectsPage(input: { userId: string }): Promise<{ deleted: number; more: boolean }>;
  /** One page of the user's files rows (versions cascade); then folders and usage. Repeat while `more`. */
  deleteUserFilesPage(input: { userId: string; limit: number }): Promise<{ deleted: number; more: boolean }>;
  // billing
  deleteBillingAccount(input: { userId: string }): Promise<void>;
  // admin
  /** Replaces the user's id in the audit log by the deleted-user marker and drops personal data. */
  anonymiseAuditEntries(input: { userId: string }): Promise<{ anonymised: number }>;
}

/** The workflow's signature, so a service starts it by name with checked arguments. */
export type AccountDeletionWorkflow = (input: AccountDeletionInput) => Promise<AccountDeletionProgress>;
