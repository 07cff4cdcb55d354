import { authorizeItem } from '../access/authorize';
import type { FilesDeps } from '../deps';
import { linkStore, type LinkRow } from './link-store';

/** A file's links, newest first, revoked and expired ones included (owner only; tokens are never kept). */
export async function listLinks(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
}): Promise<LinkRow[]> {
  const { deps, userId, fileId } = props;
  // Reading the links is managing them: the same owner-only rule as creating one.
  await authorizeItem(deps, { callerId: userId, kind: 'file', itemId: fileId, operation: 'createLink' });
  return linkStore.listForFile(deps.db, fileId);
}
