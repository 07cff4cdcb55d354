import { create } from '@bufbuild/protobuf';
import { randomBytes } from 'node:crypto';
import {
  UserEnabledSchema,
  UserRoleChangedSchema,
  UserSignedUpSchema,
} from '../../../proto/gen/events/v1/events_pb.js';
import { isUniqueViolation } from '../../internal/db';
import { newEvent, type EventPayload } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import type { AuthDeps } from '../deps';
import { authStore, type UserRow } from '../store';
import { normalizeEmail } from './sign-up-user';

export interface CreatedAdmin {
  user: UserRow;
  outcome: 'created' | 'promoted' | 'unchanged';
  /** Set when the account was created without a password given: shown once, never stored. */
  generatedPassword?: string;
}

/**
 * `npm run admin -- create-admin <email>`: creates the account as an admin,
 * or makes an existing account an active admin (a disabled one is enabled
 * again, so this also recovers a locked-out installation). Running it again
 * changes nothing. The changes are audit events without an actor.
 */
export async function createAdmin(props: {
  deps: Pick<AuthDeps, 'db' | 'passwords'>;
  email: string;
  password?: string;
}): Promise<CreatedAdmin> {
  const { deps } = props;
  const email = normalizeEmail(props.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`not an email address: ${props.email}`);
  const generatedPassword = props.password ? undefined : randomBytes(18).toString('base64url');
  const passwordHash = await deps.passwords.hash(props.password ?? generatedPassword!);
  const attempt = () =>
    deps.db.transaction(async (trx) => {
      const payloads: EventPayload[] = [];
      const found = await authStore.findUserByEmail(trx, email);
      let user = found && (await authStore.lockUser(trx, found.id));
      const outcome: CreatedAdmin['outcome'] = !user
        ? 'created'
        : user.role === 'admin' && !user.disabled_at
          ? 'unchanged'
          : 'promoted';
      if (!user) {
        const displayName = email.split('@')[0] || email;
        user = await authStore.insertUser(trx, {
          email,
          password_hash: passwordHash,
          display_name: displayName,
        });
        payloads.push({
          case: 'userSignedUp',
          value: create(UserSignedUpSchema, { userId: user.id, email, displayName }),
        });
      }
      if (user.role !== 'admin')
        payloads.push({
          case: 'userRoleChanged',
          value: create(UserRoleChangedSchema, { userId: user.id, previousRole: user.role, role: 'admin' }),
        });
      if (user.disabled_at)
        payloads.push({ case: 'userEnabled', value: create(UserEnabledSchema, { userId: user.id }) });
      if (outcome !== 'unchanged')
        user = await authStore.setUserAccess(trx, user.id, { role: 'admin', disabled: false });
      for (const payload of payloads)
        await enqueueEvent(trx, 'auth', {
          topic: TOPICS.authEvents,
          key: user.id,
          event: newEvent(payload, ''),
        });
      return { user, outcome, generatedPassword: outcome === 'created' ? generatedPassword : undefined };
    });
  try {
    return await attempt();
  } catch (error) {
    // Someone created the account in between: promote it instead.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}
