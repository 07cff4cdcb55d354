import type { AuthDeps } from '../deps';
import { authStore } from '../store';

/** Account counts for the admin stats. */
export async function getUserStats(props: {
  deps: Pick<AuthDeps, 'db'>;
}): Promise<{ total: number; admins: number; disabled: number }> {
  return authStore.userStats(props.deps.db);
}
