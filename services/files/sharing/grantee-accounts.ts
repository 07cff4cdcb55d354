import type { Database } from '../../internal/db';
import { recordShareEvent } from './share-events';
import { sharesStore, type ShareRow } from './shares-store';

const accounts = (db: Database) => db.withSchema('files').table('grantee_accounts');
const shares = (db: Database) => db.withSchema('files').table('shares');

/**
 * `user.email_verified`: the account may now receive what was shared with
 * its address. Records it and claims the live shares waiting for that
 * address, under the address's lock, so a share created at the same moment
 * is either claimed here or sees the account. A redelivery finds the account
 * and no unclaimed share, and changes nothing. Each claimed share records
 * share.claimed in the same transaction (the grantee is told, as when a share
 * reaches a known account at once). Returns the shares claimed.
 */
export async function claimSharesOfVerifiedEmail(props: {
  db: Database;
  userId: string;
  email: string;
}): Promise<number> {
  const email = props.email.trim().toLowerCase();
  return props.db.transaction(async (trx): Promise<number> => {
    await sharesStore.lockEmail(trx, email);
    // Auth's emails are unique: an older account still holding this address
    // here is gone (its account.deleted may not have arrived yet).
    await accounts(trx).where({ email }).whereNot({ user_id: props.userId }).delete();
    await trx.raw(
      `INSERT INTO files.grantee_accounts (user_id, email) VALUES (?, ?)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email`,
      [props.userId, email],
    );
    const claimed = (await shares(trx)
      .where({ grantee_email: email })
      .whereNull('grantee_id')
      .whereNull('revoked_at')
      .update({ grantee_id: props.userId })
      .returning('*')) as ShareRow[];
    for (const share of claimed) await recordShareEvent(trx, props.userId, share, { kind: 'claimed' });
    return claimed.length;
  });
}

/**
 * `account.deleted`: the account receives nothing any more. Its shares are
 * revoked, not deleted (the owner sees them end; the rows keep the trail),
 * and without events: the audit log keeps no trace of a deleted person.
 * Idempotent. Returns the shares revoked.
 */
export async function forgetGranteeAccount(props: { db: Database; userId: string }): Promise<number> {
  return props.db.transaction(async (trx): Promise<number> => {
    const account = await accounts(trx)
      .where({ user_id: props.userId })
      .first<{ email: string } | undefined>('email');
    if (account) await sharesStore.lockEmail(trx, account.email);
    await accounts(trx).where({ user_id: props.userId }).delete();
    const revoked = await shares(trx)
      .where({ grantee_id: props.userId })
      .whereNull('revoked_at')
      .update({ revoked_at: trx.fn.now() });
    // No row keeps pointing at the deleted account (its address stays: the owner typed it).
    await shares(trx).where({ grantee_id: props.userId }).update({ grantee_id: null });
    return revoked;
  });
}
