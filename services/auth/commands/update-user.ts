import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { authStore, type UserRow } from '../store';

/** Changes what a user may change about themselves (today: the display name). */
export async function updateUser(props: {
  deps: AuthDeps;
  userId: string;
  displayName?: string;
}): Promise<UserRow> {
  const changes = props.displayName === undefined ? {} : { display_name: props.displayName.trim() };
  const user =
    Object.keys(changes).length === 0
      ? await authStore.findUserById(props.deps.db, props.userId)
      : await authStore.updateUser(props.deps.db, props.userId, changes);
  if (!user) throw AUTH_ERRORS.userNotFound();
  return user;
}
