import type { Operation } from '../../internal/authorization';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { authorizeItem, type Authorized } from './authorize';
import type { ItemKind } from './resolve-role';

type Deps = Pick<FilesDeps, 'db'>;

/**
 * A grantee moves an item only within the owner's trees shared with them as
 * editor: the destination must be a folder they may create in, in the same
 * drive. The owner's root is never shared, and a destination they cannot see
 * answers 404 like any unseen folder (docs/authorization.md).
 */
async function authorizeDestination(
  deps: Deps,
  callerId: string,
  item: Authorized,
  destinationFolderId: string,
): Promise<void> {
  if (item.role === 'owner') return; // the command checks the owner's own folders
  if (!destinationFolderId) throw FILES_ERRORS.folderNotFound();
  const destination = await authorizeItem(deps, {
    callerId,
    kind: 'folder',
    itemId: destinationFolderId,
    operation: 'createInsideFolder',
  });
  if (destination.ownerId !== item.ownerId) throw FILES_ERRORS.folderNotFound();
}

/**
 * PATCH of a file or folder: each change needs its operation (rename, move);
 * `starred` is the owner's own mark, so a grantee may not set it (property
 * level). Returns the user the change runs as: the item's owner.
 */
export async function authorizeUpdate(
  deps: Deps,
  request: {
    callerId: string;
    kind: ItemKind;
    itemId: string;
    name?: string;
    destinationFolderId?: string;
    starred?: boolean;
  },
): Promise<string> {
  const operations: Operation[] = [];
  if (request.name !== undefined) operations.push('rename');
  if (request.destinationFolderId !== undefined) operations.push('move');
  const item = await authorizeItem(deps, {
    callerId: request.callerId,
    kind: request.kind,
    itemId: request.itemId,
    operation: operations.length > 0 ? operations : 'readMetadata',
  });
  if (request.starred !== undefined && item.role !== 'owner') throw FILES_ERRORS.forbidden('star', item.role);
  if (request.destinationFolderId !== undefined)
    await authorizeDestination(deps, request.callerId, item, request.destinationFolderId);
  return item.ownerId;
}

/**
 * Creating a file or folder: at the caller's own root, or inside a folder
 * the caller may create in; what an editor creates belongs to the folder's
 * owner (their quota, their trash). Returns the user it is created as.
 */
export async function authorizeCreation(deps: Deps, callerId: string, folderId?: string): Promise<string> {
  if (!folderId) return callerId;
  const folder = await authorizeItem(deps, {
    callerId,
    kind: 'folder',
    itemId: folderId,
    operation: 'createInsideFolder',
  });
  return folder.ownerId;
}
