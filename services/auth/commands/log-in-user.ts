import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { authStore } from '../store';
import { normalizeEmail } from './sign-up-user';
import { startSession, type Session } from './start-session';

/** Checks the password; an unknown email and a wrong password get the same answer in the same time. */
export async function logInUser(props: {
  deps: AuthDeps;
  email: string;
  password: string;
}): Promise<Session> {
  const { deps } = props;
  const user = await authStore.findUserByEmail(deps.db, normalizeEmail(props.email));
  const valid = await deps.passwords.verify(props.password, user?.password_hash);
  if (!user || !valid) throw AUTH_ERRORS.invalidCredentials();
  if (user.disabled_at) throw AUTH_ERRORS.accountDisabled();
  return deps.db.transaction((trx) => startSession({ trx, deps, user }));
}
