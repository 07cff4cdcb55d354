import type { FilesDeps } from '../deps';
import { objectRef } from '../object-ref';
import { filesStore } from '../store';

/** Assembles a multipart upload from the client's part list; repeating it after success is harmless. */
export async function completeMultipart(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
  parts: Array<{ partNumber: number; etag: string }>;
}): Promise<void> {
  const { deps } = props;
  const versionRow = await filesStore.findVersion(deps.db, props.fileId, props.version);
  if (!versionRow?.multipart_upload_id || versionRow.status !== 'pending') return;
  const object = objectRef(props.userId, props.fileId, props.version);
  if ((await deps.storage.statObject({ object })).exists) return;
  await deps.storage.completeMultipartUpload({
    object,
    uploadId: versionRow.multipart_upload_id,
    parts: props.parts,
  });
}
