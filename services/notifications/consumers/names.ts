import { Code, ConnectError } from '@connectrpc/connect';
import type { NotificationsDeps } from '../deps';
import { isUserId } from '../../internal/user-id';

// The names notification texts show, asked of the services that own them at
// the time the event is handled. Something gone meanwhile (a deleted file or
// account) gets a neutral word; any other failure is thrown so the event is
// retried.

const isNotFound = (error: unknown) => error instanceof ConnectError && error.code === Code.NotFound;

/**
 * A person as the recipient sees them: their display name, or their email
 * when they set none. The recipient is told who shared or wrote to them,
 * which is what they need to trust it (docs/messaging.md#notifications).
 */
export async function personName(deps: Pick<NotificationsDeps, 'auth'>, userId: string): Promise<string> {
  if (!isUserId(userId)) return 'Someone';
  try {
    const { user } = await deps.auth.getUser({ userId });
    return user?.displayName || user?.email || 'Someone';
  } catch (error) {
    if (isNotFound(error)) return 'Someone';
    throw error;
  }
}

/** A file's or folder's name, as its owner sees it; undefined when it is gone. */
export async function itemName(
  deps: Pick<NotificationsDeps, 'files'>,
  ownerId: string,
  kind: string,
  itemId: string,
): Promise<string | undefined> {
  if (!isUserId(ownerId) || !isUserId(itemId)) return undefined;
  try {
    if (kind === 'folder')
      return (await deps.files.getFolder({ userId: ownerId, folderId: itemId })).folder?.name;
    return (await deps.files.getFile({ userId: ownerId, fileId: itemId })).file?.name;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** A name inside a sentence: quoted, on one line, and not endless. */
export function quoted(name: string | undefined, fallback: string): string {
  if (!name) return fallback;
  return `“${oneLine(name, 120)}”`;
}

export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
