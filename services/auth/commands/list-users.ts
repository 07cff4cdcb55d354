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
  return { users, nextCursor: rows.length > limit && last ? encodeCursor(last) : undefined };
}

// The cursor is the last row's sort key; opaque to clients.
function encodeCursor(user: UserRow): string {
  return Buffer.from(JSON.stringify([user.created_at.toISOString(), user.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(createdAt));
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) && !Number.isNaN(date.getTime()))
      return { createdAt: date, id };
  } catch {
    // not JSON: refused below
  }
  throw AUTH_ERRORS.invalidCursor();
}
