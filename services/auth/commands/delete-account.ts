import { create } from '@bufbuild/protobuf';
import { AccountDeletedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import type { Database } from '../../internal/db';

/**
 * Account deletion's last auth step: the account row goes (its refresh
 * tokens cascade) and `account.deleted` is recorded in the same transaction,
 * so consumers hear of it exactly when it happened. Idempotent: once the row
 * is gone, nothing is deleted or recorded again.
 */
export async function deleteAccount(props: {
  db: Database;
  userId: string;
  requestedBy: string;
}): Promise<boolean> {
  const { db, userId } = props;
  return db.transaction(async (trx) => {
    const deleted = await trx.withSchema('auth').table('users').where({ id: userId }).delete();
    if (deleted === 0) return false;
    await enqueueEvent(trx, 'auth', {
      topic: TOPICS.authEvents,
      key: userId,
      event: newEvent(
        { case: 'accountDeleted', value: create(AccountDeletedSchema, { userId }) },
        props.requestedBy,
      ),
    });
    return true;
  });
}
