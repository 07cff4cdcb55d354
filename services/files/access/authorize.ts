import { decide, type Operation } from '../../internal/authorization';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import type { FileRow } from '../store';
import { resolveAccess, type ItemKind } from './resolve-role';

export interface Authorized {
  /** Whose drive the item is in: the command runs as this user (quota, trash, object keys). */
  ownerId: string;
  role: 'owner' | 'editor' | 'viewer';
  /** The file's row as read for the decision (files only). */
  file?: FileRow;
}

const notFound = (kind: ItemKind) =>
  kind === 'file' ? FILES_ERRORS.fileNotFound() : FILES_ERRORS.folderNotFound();

/**
 * Applies the rule table (services/internal/authorization) to one item:
 * 404 for a caller who may not learn it exists, 403 for a grantee whose role
 * does not allow the operation. A 409 cell passes: the command, run as the
 * owner, answers with the state's own code (not_trashed, ...), exactly as it
 * does for the owner.
 */
export async function authorizeItem(
  deps: Pick<FilesDeps, 'db'>,
  request: { callerId: string; kind: ItemKind; itemId: string; operation: Operation | readonly Operation[] },
): Promise<Authorized> {
  const access = await resolveAccess(deps.db, request.callerId, request.kind, request.itemId);
  if (access.role === 'otherUser' || !access.ownerId) throw notFound(request.kind);
  // A request that does several things (rename and move) needs each of them.
  const operations = typeof request.operation === 'string' ? [request.operation] : request.operation;
  for (const operation of operations) {
    const decision = decide(access.role, access.state, operation);
    if (decision === 404) throw notFound(request.kind);
    if (decision === 403) throw FILES_ERRORS.forbidden(operation, access.role);
  }
  return { ownerId: access.ownerId, role: access.role, file: access.file };
}
