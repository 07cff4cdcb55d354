import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { FilesDeps } from './deps';
import { objectRef } from './object-ref';
import type { FileRow } from './store';

/**
 * A presigned GET of the file's current version, answered with the file's
 * name and type (Content-Disposition, Content-Type). The owner's download and
 * a public link both hand out exactly this; only the lifetime differs.
 */
export async function presignFileDownload(
  deps: Pick<FilesDeps, 'storage'>,
  file: Pick<
    FileRow,
    'id' | 'owner_id' | 'current_version' | 'current_object_attempt' | 'name' | 'content_type'
  >,
  expiresInSeconds: number,
): Promise<{ url: string; expiresAt: Date }> {
  const presigned = await deps.storage.presignDownload({
    object: objectRef(file.owner_id, file.id, file.current_version, file.current_object_attempt),
    fileName: file.name,
    contentType: file.content_type,
    expiresInSeconds,
  });
  return {
    url: presigned.url,
    expiresAt: presigned.expiresAt ? timestampDate(presigned.expiresAt) : new Date(),
  };
}
