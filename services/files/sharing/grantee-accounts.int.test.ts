import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import knex from 'knex';
import { requireTestEnv } from '../../internal/testing/require-env';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { insertFile } from '../testing/share-fixtures';
import { createShare } from './create-share';
import { claimSharesOfVerifiedEmail } from './grantee-accounts';
import { sharesStore } from './shares-store';

// A share and the verification of its address, at the same moment, in
// committed transactions on separate connections: whichever comes second
// waits on the address's lock and then sees the other, so the share is
// claimed either way. Without the lock the claim would miss a share not yet
// committed, or the share would miss the account.
describe('a share and the verification of its address racing', () => {
  const { DATABASE_URL } = requireTestEnv(['DATABASE_URL']);
  const db = knex({ client: 'pg', connection: DATABASE_URL, pool: { min: 0, max: 4 } });
  const owners: string[] = [];
  const accounts: string[] = [];

  afterAll(async () => {
    await db.withSchema('files').table('shares').whereIn('owner_id', owners).delete();
    await db.withSchema('files').table('files').whereIn('owner_id', owners).delete();
    await db.withSchema('files').table('grantee_accounts').whereIn('user_id', accounts).delete();
    await db.destroy();
  });

  const fresh = () => {
    const ownerId = randomUUID();
    const userId = randomUUID();
    owners.push(ownerId);
    accounts.push(userId);
    return { ownerId, userId, email: `race-${userId}@example.test` };
  };
  const shareOf = (ownerId: string) =>
    db.withSchema('files').table('shares').where({ owner_id: ownerId }).first();

  it('a verification during a share’s transaction claims it once that commits', async () => {
    const { ownerId, userId, email } = fresh();
    const trx = await db.transaction();
    await sharesStore.lockEmail(trx, email);
    await trx.withSchema('files').table('shares').insert({
      id: randomUUID(),
      item_kind: 'file',
      item_id: randomUUID(),
      owner_id: ownerId,
      grantee_email: email,
      role: 'viewer',
    });
    const claiming = claimSharesOfVerifiedEmail({ db, userId, email });
    await sleep(200); // the claim is now waiting on the lock
    await trx.commit();
    expect(await claiming).toBe(1);
    expect(await shareOf(ownerId)).toMatchObject({ grantee_id: userId });
  });

  it('a share during a verification’s transaction sees the account once that commits', async () => {
    const { ownerId, userId, email } = fresh();
    const file = await db.transaction((trx) => insertFile(trx, ownerId));
    const trx = await db.transaction();
    await sharesStore.lockEmail(trx, email);
    await trx.withSchema('files').table('grantee_accounts').insert({ user_id: userId, email });
    const sharing = createShare({
      deps: dbOnlyFilesDeps(db),
      userId: ownerId,
      kind: 'file',
      itemId: file.id,
      email,
      role: 'viewer',
    });
    await sleep(200); // the share is now waiting on the lock
    await trx.commit();
    expect(await sharing).toMatchObject({ grantee_id: userId });
  });
});
