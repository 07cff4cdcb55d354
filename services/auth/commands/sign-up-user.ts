import { create } from '@bufbuild/protobuf';
import { UserSignedUpSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { isUniqueViolation } from '../../internal/db';
import { passwordWeakness } from '../../internal/password-strength';
import { authStore } from '../store';
import { startSession, type Session } from './start-session';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates the account, records `user.signed_up` in the outbox, and logs the user in. */
export async function signUpUser(props: {
  deps: AuthDeps;
  email: string;
  password: string;
  displayName?: string;
}): Promise<Session> {
  const { deps } = props;
  const weakness = passwordWeakness(props.password);
  if (weakness) throw AUTH_ERRORS.weakPassword('body.password', weakness);
  const email = normalizeEmail(props.email);
  const displayName = props.displayName?.trim() || email.split('@')[0] || email;
  // Hash before the transaction: bcrypt is slow and must not hold a connection.
  const passwordHash = await deps.passwords.hash(props.password);
  try {
    return await deps.db.transaction(async (trx) => {
      const user = await authStore.insertUser(trx, {
        email,
        password_hash: passwordHash,
        display_name: displayName,
      });
      const event = newEvent(
        { case: 'userSignedUp', value: create(UserSignedUpSchema, { userId: user.id, email, displayName }) },
        user.id,
        user.created_at,
      );
      await enqueueEvent(trx, 'auth', { topic: TOPICS.authEvents, key: user.id, event });
      return startSession({ trx, deps, user });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw AUTH_ERRORS.emailTaken();
    throw error;
  }
}
