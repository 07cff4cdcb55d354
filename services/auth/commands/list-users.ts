import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../internal/time-id-cursor';
import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { authStore, type Role, type UserRow } from '../store';

export const MAX_USERS_PAGE = 100;

/** Admin search over accounts, newest first, one page at a time. */
export async function listUsers(props: {
  deps: Pick<AuthDeps, 'db'>;
  emailContains?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  limit?: number;
  cursor?: string;
}): Promise<{ users: UserRow[]; nextCursor: string | undefined }> {
  const limit = Math.min(Math.max(props.limit || 50, 1), MAX_USERS_PAGE);
  // One row more than asked tells whether another page follows.
  const rows = await authStore.listUsers(props.deps.db, {
    emailContains: props.emailContains?.trim().toLowerCase() || undefined,
    role: props.role,
    status: props.status,
    after: props.cursor ? decodeCursor(props.cursor) : undefined,
    limit: limit + 1,
  });
  const users = rows.slice(0, limit);
  const last = users.at(-1);
  return {
    users,
    nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.created_at, last.id) : undefined,
  };
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const key = decodeTimeIdCursor(cursor, /^[0-9a-f-]{36}$/);
  if (!key) throw AUTH_ERRORS.invalidCursor();
  return { createdAt: key.at, id: key.id };
}
