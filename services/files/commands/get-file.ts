import { authorizeItem } from '../access/authorize';
import type { FilesDeps } from '../deps';
import type { FileRow } from '../store';

/**
 * The file as the caller may see it: the owner's, or a grantee's through a
 * share; another user's, or one that never became real, is simply not
 * found. The access check's own read is the answer: one round trip.
 */
export async function getFile(props: {
  deps: Pick<FilesDeps, 'db'>;
  userId: string;
  fileId: string;
}): Promise<FileRow> {
  const { file } = await authorizeItem(props.deps, {
    callerId: props.userId,
    kind: 'file',
    itemId: props.fileId,
    operation: 'readMetadata',
  });
  return file!;
}
