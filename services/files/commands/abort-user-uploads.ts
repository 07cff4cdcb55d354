import type { FilesDeps } from '../deps';
import { objectRef } from '../object-ref';

/**
 * Account deletion: aborts the storage side of every upload of the user
 * still pending (an unfinished multipart upload holds parts S3 lists only by
 * its exact key), and answers until when an upload URL handed out for them
 * may still PUT, so the deletion can sweep once more after that. The rows
 * are left to deleteUserFilesPage. Idempotent.
 */
export async function abortUserUploads(props: {
  deps: FilesDeps;
  userId: string;
}): Promise<{ uploadUrlsValidUntil: Date | null }> {
  const { deps, userId } = props;
  const pending = await deps.db
    .withSchema('files')
    .table('file_versions as v')
    .join('files as f', 'f.id', 'v.file_id')
    .where({ 'f.owner_id': userId, 'v.status': 'pending' })
    .select<
      Array<{
        file_id: string;
        version: number;
        object_attempt: string | null;
        multipart_upload_id: string | null;
        expires_at: Date;
      }>
    >('v.file_id', 'v.version', 'v.object_attempt', 'v.multipart_upload_id', 'v.expires_at');
  let validUntil: Date | null = null;
  for (const version of pending) {
    await deps.storage.abortUpload({
      object: objectRef(userId, version.file_id, version.version, version.object_attempt),
      uploadId: version.multipart_upload_id ?? '',
    });
    if (!validUntil || version.expires_at > validUntil) validUntil = version.expires_at;
  }
  return { uploadUrlsValidUntil: validUntil };
}
