import { defineSignal, defineUpdate } from '@temporalio/workflow';

// The upload process's contract: everything the files service (which starts
// and completes it), the ingest service (which signals it) and the worker
// (which runs its activities) share with the workflow code. Deterministic
// and free of I/O, since the workflow imports it too.

/** The workflow type name the worker registers (the export name in workflows/index.ts). */
export const UPLOAD_WORKFLOW_TYPE = 'uploadWorkflow';

/** `upload:<fileId>`: readable, so an operator finds a file's upload in the Temporal UI. */
export const uploadWorkflowId = (fileId: string): string => `upload:${fileId}`;

export interface UploadInput {
  userId: string;
  fileId: string;
  version: number;
  size: number;
  sha256?: string;
  /** ISO time after which an upload that never arrived is given up (URL expiry plus a grace period). */
  expireAt: string;
}

/** Search attributes (registered by the operator) that make an upload findable by user and file. */
export const uploadSearchAttributes = (input: Pick<UploadInput, 'userId' | 'fileId'>) => ({
  UserId: [input.userId],
  FileId: [input.fileId],
});

export interface ObjectCreated {
  version: number;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

export type UploadOutcome =
  { status: 'ready' } | { status: 'failed'; reason: string } | { status: 'waiting' };

/** Sent by the ingest service when storage reports the object. */
export const objectCreatedSignal = defineSignal<[ObjectCreated]>('objectCreated');
/** The client's POST /complete: finishes a multipart upload if needed and answers once the file is settled. */
export const completeUpdate = defineUpdate<UploadOutcome, [{ parts: CompletedPart[] }]>('complete');

export type UploadVerdict = { kind: 'ok' } | { kind: 'missing' } | { kind: 'mismatch'; reason: string };

/** A quick check's verdict: `needsHash` when only streaming the object through SHA-256 can tell. */
export type UploadCheck = UploadVerdict | { kind: 'needsHash' };

/**
 * What the workflow asks of the files service. Every activity is idempotent:
 * Temporal retries it after a crash, and a settled upload makes it a no-op.
 * `checkUpload`, `commitUpload` and `failUpload` are a HEAD or one short
 * transaction each, so the workflow runs them as local activities (no round
 * trip through the Temporal server); `completeMultipart` and `verifyUpload`
 * may take minutes on a large object and stay regular activities.
 */
export interface UploadActivities {
  /** A mismatch when the stored parts cannot make the declared object (the upload then fails); else nothing. */
  completeMultipart(input: UploadInput & { parts: CompletedPart[] }): Promise<UploadVerdict | void>;
  /** One HEAD: size, and the SHA-256 S3 kept; never streams the object. */
  checkUpload(input: UploadInput): Promise<UploadCheck>;
  verifyUpload(input: UploadInput): Promise<UploadVerdict>;
  commitUpload(input: UploadInput): Promise<void>;
  failUpload(input: UploadInput & { reason: string }): Promise<void>;
}

/** The workflow's signature, so a service starts it by name with checked arguments. */
export type UploadWorkflow = (input: UploadInput) => Promise<UploadOutcome>;
