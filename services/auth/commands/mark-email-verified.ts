import { create } from '@bufbuild/protobuf';
import { UserEmailVerifiedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import type { Transaction } from '../../internal/db';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import { authStore, type UserRow } from '../store';

/**
 * Marks the user's email verified and, only on the change from unverified,
 * records `user.email_verified` in the same transaction: shares addressed to
 * that email reach the account from then on (docs/authorization.md#shares),
 * never before the mailbox was proven. Returns the user as it now is.
 */
export async function markEmailVerified(trx: Transaction, user: UserRow): Promise<UserRow> {
  const verified = await authStore.markEmailVerified(trx, user.id);
  if (!verified) return { ...user, email_verified: true };
  await enqueueEvent(trx, 'auth', {
    topic: TOPICS.authEvents,
    key: verified.id,
    event: newEvent(
      {
        case: 'userEmailVerified',
        value: create(UserEmailVerifiedSchema, { userId: verified.id, email: verified.email }),
      },
      verified.id,
    ),
  });
  return verified;
}
