import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { authStore, type UserRow } from '../store';

export async function getUser(props: { deps: AuthDeps; userId: string }): Promise<UserRow> {
  const user = await authStore.findUserById(props.deps.db, props.userId);
  if (!user) throw AUTH_ERRORS.userNotFound();
  return user;
}
