import { authorizeItem } from '../access/authorize';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';

/**
 * Whether a user may attach a file to a message: they must be able to
 * download it now (owner, or a share reaching it), and it must be a ready
 * file, not one in the trash. Answers the owner, whose drive the chat
 * service will have downloads presigned from.
 */
export async function checkAttachment(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
}): Promise<FileRow> {
  const { deps, userId, fileId } = props;
  const { ownerId, file } = await authorizeItem(deps, {
    callerId: userId,
    kind: 'file',
    itemId: fileId,
    operation: 'download',
  });
  const row = file ?? (await filesStore.findOwnedFile(deps.db, ownerId, fileId));
  if (!row || row.status !== 'ready') throw FILES_ERRORS.fileNotFound();
  return row;
}
