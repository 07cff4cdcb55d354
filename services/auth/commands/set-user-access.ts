import { create } from '@bufbuild/protobuf';
import {
  UserDisabledSchema,
  UserEnabledSchema,
  UserRoleChangedSchema,
} from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent, type EventPayload } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import { revokeSessions } from '../../internal/session-revocations';
import { isUserId } from '../../internal/user-id';
import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { authStore, type Role, type UserRow } from '../store';

/**
 * An admin changes a user's role or disables/enables them. Disabling
 * revokes every refresh token; disabling or setting the role also revokes
 * the access tokens issued so far (in every gateway at once, through
 * Redis), so the user's next request is refused and a role change takes
 * effect at their next refresh. No change may leave the system without an
 * active admin. Each actual change is an audit event.
 */
export async function setUserAccess(props: {
  deps: AuthDeps;
  actorUserId: string;
  userId: string;
  role?: Role;
  disabled?: boolean;
}): Promise<UserRow> {
  const { deps } = props;
  if (!isUserId(props.userId)) throw AUTH_ERRORS.userNotFound();
  const user = await deps.db.transaction(async (trx) => {
    // Two admins demoting each other at once must not both succeed.
    await authStore.lockAdminSet(trx);
    const current = await authStore.lockUser(trx, props.userId);
    if (!current) throw AUTH_ERRORS.userNotFound();
    const role = props.role ?? current.role;
    const disabled = props.disabled ?? current.disabled_at !== null;
    const roleChanged = role !== current.role;
    const disabledChanged = disabled !== (current.disabled_at !== null);
    if (!roleChanged && !disabledChanged) return current;

    const wasActiveAdmin = current.role === 'admin' && current.disabled_at === null;
    if (wasActiveAdmin && (role !== 'admin' || disabled) && (await authStore.countActiveAdmins(trx)) <= 1)
      throw AUTH_ERRORS.lastAdmin();

    const updated = await authStore.setUserAccess(trx, current.id, {
      role: roleChanged ? role : undefined,
      disabled: disabledChanged ? disabled : undefined,
    });
    if (disabledChanged && disabled) await authStore.revokeUserRefreshTokens(trx, current.id);
    const payloads: EventPayload[] = [];
    if (roleChanged)
      payloads.push({
        case: 'userRoleChanged',
        value: create(UserRoleChangedSchema, { userId: current.id, previousRole: current.role, role }),
      });
    if (disabledChanged)
      payloads.push(
        disabled
          ? { case: 'userDisabled', value: create(UserDisabledSchema, { userId: current.id }) }
          : { case: 'userEnabled', value: create(UserEnabledSchema, { userId: current.id }) },
      );
    for (const payload of payloads)
      await enqueueEvent(trx, 'auth', {
        topic: TOPICS.authEvents,
        key: current.id,
        event: newEvent(payload, props.actorUserId),
      });
    return updated;
  });
  // After the commit: every token issued up to now is revoked, and one
  // issued from now on (by a refresh, a login) carries the new state.
  // Also when nothing changed: a retry after a failed revocation revokes.
  if (props.role !== undefined || props.disabled === true)
    await revokeSessions(
      deps.redis,
      { userId: user.id, revokedAtMs: Date.now() },
      deps.tokens.accessTokenTtlSeconds * 1000,
    );
  return user;
}
