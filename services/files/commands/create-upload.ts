import { randomUUID } from 'node:crypto';
import type { CreateUploadResponse } from '../../../proto/gen/storage/v1/storage_pb.js';
import { isUniqueViolation, type Transaction } from '../../internal/db';
import { newUploadExpiry, presignSecondsUntil } from '../../internal/upload-expiry';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { objectRef } from '../object-ref';
import { assertUploadFits } from '../quota-rule';
import { filesStore, type FileRow } from '../store';
import { startUploadWorkflow } from './start-upload-workflow';

export interface CreateUploadProps {
  deps: FilesDeps;
  userId: string;
  name: string;
  size: number;
  contentType: string;
  folderId?: string;
  sha256?: string;
  /** Set for a new version of an existing file. */
  fileId?: string;
}

/**
 * Checks the plan's limits, reserves quota and records the pending file in
 * one transaction, then presigns the upload and starts `upload:<fileId>`.
 * If the process dies after the commit, the upload sweeper starts the
 * workflow later, and the workflow's expiry releases the reservation.
 */
export async function createUpload(
  props: CreateUploadProps,
): Promise<{ file: FileRow; upload: CreateUploadResponse; expiresAt: Date }> {
  const { deps, userId, size } = props;
  const { plan } = await deps.billing.getUserPlan({ userId });
  if (!plan) throw new Error('billing answered without a plan');
  if (BigInt(size) > plan.maxFileSizeBytes) throw FILES_ERRORS.tooLarge(Number(plan.maxFileSizeBytes));
  // Decided once: the row, the presigned URLs, the client's answer and the workflow all use it.
  const { urlExpiresAt } = newUploadExpiry(deps.settings.uploadUrlTtlSeconds);

  // A key of its own: no URL of another attempt (aborted, failed, ready) can write it.
  const attempt = randomUUID();
  let file: FileRow;
  let version: number;
  try {
    ({ file, version } = await deps.db.transaction(async (trx) => {
      const usage = await filesStore.lockUsage(trx, userId, deps.usageCache);
      // The plan read above is the one in force now: billing's cache is invalidated by every plan change.
      assertUploadFits({
        quotaBytes: plan.storageQuotaBytes,
        usedBytes: BigInt(usage.used_bytes),
        reservedBytes: BigInt(usage.reserved_bytes),
        size: BigInt(size),
      });
      let row: FileRow;
      let next = 1;
      if (props.fileId) {
        const existing = await filesStore.findOwnedFile(trx, userId, props.fileId, { lock: true });
        if (!existing || existing.status === 'trashed' || existing.status === 'failed')
          throw FILES_ERRORS.fileNotFound();
        if (existing.status === 'pending' || (await filesStore.pendingVersion(trx, existing.id)))
          throw FILES_ERRORS.uploadInProgress();
        row = existing;
        next = await filesStore.nextVersionNumber(trx, existing.id);
      } else {
        if (props.folderId) await assertFolder(trx, userId, props.folderId);
        row = await filesStore.insertFile(trx, {
          id: randomUUID(),
          owner_id: userId,
          folder_id: props.folderId ?? null,
          name: props.name,
          content_type: props.contentType,
          size,
          status: 'pending',
        });
      }
      await filesStore.insertVersion(trx, {
        file_id: row.id,
        version: next,
        size,
        content_type: props.contentType,
        sha256: props.sha256 ?? null,
        expires_at: urlExpiresAt,
        object_attempt: attempt,
      });
      await filesStore.changeUsage(trx, userId, { reserved: size });
      return { file: row, version: next };
    }));
  } catch (error) {
    if (isUniqueViolation(error)) throw FILES_ERRORS.nameTaken();
    throw error;
  }

  const upload = await deps.storage.createUpload({
    object: objectRef(userId, file.id, version, attempt),
    size: BigInt(size),
    contentType: props.contentType,
    sha256Hex: props.sha256 ?? '',
    expiresInSeconds: presignSecondsUntil(urlExpiresAt),
  });
  if (upload.upload.case === 'multipart') {
    await filesStore.updateVersion(deps.db, file.id, version, {
      multipart_upload_id: upload.upload.value.uploadId,
      part_size: Number(upload.upload.value.partSize),
    });
  }
  await startUploadWorkflow({
    deps,
    userId,
    fileId: file.id,
    version,
    size,
    sha256: props.sha256,
    urlExpiresAt,
  });
  return { file, upload, expiresAt: urlExpiresAt };
}

async function assertFolder(trx: Transaction, userId: string, folderId: string): Promise<void> {
  const folder = (await trx
    .withSchema('files')
    .table('folders')
    .where({ id: folderId, owner_id: userId })
    .whereNull('trashed_at')
    .first()) as unknown;
  if (!folder) throw FILES_ERRORS.folderNotFound();
}
