import { ConnectError } from '@connectrpc/connect';
import type { UploadVerdict } from '../../../workflows/upload/contract';
import { AppError } from '../../internal/errors';
import { fromConnectError } from '../../internal/grpc/errors';
import type { FilesDeps } from '../deps';
import { objectRef } from '../object-ref';
import { filesStore } from '../store';

/**
 * Assembles a multipart upload from the client's part list; repeating it
 * after success is harmless. Storage first checks the stored parts against
 * the declared layout (1..part count, each of the part size but the last,
 * adding up to the size): parts that do not make the declared object answer
 * a mismatch, and the workflow fails the upload (which removes its parts).
 */
export async function completeMultipart(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
  parts: Array<{ partNumber: number; etag: string }>;
}): Promise<UploadVerdict | undefined> {
  const { deps } = props;
  const versionRow = await filesStore.findVersion(deps.db, props.fileId, props.version);
  if (!versionRow?.multipart_upload_id || versionRow.status !== 'pending') return undefined;
  const object = objectRef(props.userId, props.fileId, props.version, versionRow.object_attempt);
  if ((await deps.storage.statObject({ object })).exists) return undefined;
  try {
    await deps.storage.completeMultipartUpload({
      object,
      uploadId: versionRow.multipart_upload_id,
      parts: props.parts,
      size: BigInt(versionRow.part_size ? versionRow.size : 0),
      partSize: BigInt(versionRow.part_size ?? 0),
    });
  } catch (error) {
    // S3 or the layout check refused these parts: no retry can change that. Anything else is retried.
    const appError = error instanceof ConnectError ? fromConnectError(error) : error;
    if (appError instanceof AppError && appError.code === 'upload_parts_rejected')
      return { kind: 'mismatch', reason: appError.detail };
    throw error;
  }
  return undefined;
}
