import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';

/** Another user's file, or one that never became real, is simply not found. */
export async function getFile(props: { deps: FilesDeps; userId: string; fileId: string }): Promise<FileRow> {
  const file = await filesStore.findOwnedFile(props.deps.db, props.userId, props.fileId);
  if (!file || file.status === 'failed') throw FILES_ERRORS.fileNotFound();
  return file;
}
