import { create } from '@bufbuild/protobuf';
import { LoginFailureBurstSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { countLoginFailure, LOGIN_FAILURE_BURST } from '../login-failures';
import { authStore, type UserRow } from '../store';
import { normalizeEmail } from './sign-up-user';
import { startSession, type Session } from './start-session';

/** Checks the password; an unknown email and a wrong password get the same answer in the same time. */
export async function logInUser(props: {
  deps: AuthDeps;
  email: string;
  password: string;
}): Promise<Session> {
  const { deps } = props;
  const email = normalizeEmail(props.email);
  const user = await authStore.findUserByEmail(deps.db, email);
  const valid = await deps.passwords.verify(props.password, user?.password_hash);
  if (!user || !valid) {
    await recordFailure(deps, email, user);
    throw AUTH_ERRORS.invalidCredentials();
  }
  if (user.disabled_at) throw AUTH_ERRORS.accountDisabled();
  return deps.db.transaction((trx) => startSession({ trx, deps, user }));
}

/** A burst of failures for one email becomes one audit event (auth.login_failures). */
async function recordFailure(deps: AuthDeps, email: string, user: UserRow | undefined): Promise<void> {
  if (!(await countLoginFailure(deps.redis, email))) return;
  const event = newEvent(
    {
      case: 'loginFailureBurst',
      value: create(LoginFailureBurstSchema, {
        email,
        failures: LOGIN_FAILURE_BURST.failures,
        windowSeconds: LOGIN_FAILURE_BURST.windowSeconds,
        userId: user?.id ?? '',
      }),
    },
    // Whoever tried is unknown: no actor. The account, if any, is the subject.
    '',
  );
  await deps.db.transaction((trx) =>
    enqueueEvent(trx, 'auth', { topic: TOPICS.authEvents, key: user?.id ?? email, event }),
  );
}
