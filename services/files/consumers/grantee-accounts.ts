import type { Database } from '../../internal/db';
import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { isUserId } from '../../internal/user-id';
import { claimSharesOfVerifiedEmail, forgetGranteeAccount } from '../sharing/grantee-accounts';

/**
 * Keeps files.grantee_accounts, the accounts shares can reach, in step with
 * auth: a verified email claims the shares addressed to it; a deleted
 * account's shares are revoked. Both are idempotent, so redelivery is safe.
 */
export function createGranteeAccountsConsumer(db: Database, logger: Logger): EventHandler {
  return {
    name: 'files.grantee-accounts',
    topics: [TOPICS.authEvents],
    async handle(event: Event) {
      const { payload } = event;
      if (payload.case !== 'userEmailVerified' && payload.case !== 'accountDeleted') return;
      const { userId } = payload.value;
      // A malformed id must not wedge the partition: there is no account to act on.
      if (!isUserId(userId)) {
        logger.warn({ eventId: event.id, userId }, `${event.type} without a valid user id; ignored`);
        return;
      }
      if (payload.case === 'accountDeleted') {
        const revoked = await forgetGranteeAccount({ db, userId });
        if (revoked > 0) logger.info({ userId, revoked }, 'revoked the shares of a deleted account');
        return;
      }
      const claimed = await claimSharesOfVerifiedEmail({ db, userId, email: payload.value.email });
      if (claimed > 0) logger.info({ userId, claimed }, 'a verified email claimed its shares');
    },
  };
}
