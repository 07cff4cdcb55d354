import type { Database, Transaction } from '../../internal/db';
import type { ItemKind } from '../access/resolve-role';

export type ShareRole = 'viewer' | 'editor';

export interface ShareRow {
  id: string;
  item_kind: ItemKind;
  item_id: string;
  owner_id: string;
  grantee_email: string;
  grantee_id: string | null;
  role: ShareRole;
  created_at: Date;
  revoked_at: Date | null;
}

type Queryable = Database | Transaction;

const shares = (db: Queryable) => db.withSchema('files').table<ShareRow>('shares');
const granteeAccounts = (db: Queryable) => db.withSchema('files').table('grantee_accounts');

export const sharesStore = {
  /**
   * Serialises everything that ties shares to an address (a new share, an
   * account verifying it, an account going) for the rest of the transaction,
   * so a share and its account always meet whichever comes first.
   */
  async lockEmail(trx: Transaction, email: string): Promise<void> {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [email]);
  },

  /** The account whose VERIFIED email this is, if any. */
  async granteeIdFor(db: Queryable, email: string): Promise<string | undefined> {
    const row = await granteeAccounts(db).where({ email }).first<{ user_id: string } | undefined>('user_id');
    return row?.user_id;
  },

  async findLive(
    db: Queryable,
    kind: ItemKind,
    itemId: string,
    email: string,
  ): Promise<ShareRow | undefined> {
    return (await shares(db)
      .where({ item_kind: kind, item_id: itemId, grantee_email: email })
      .whereNull('revoked_at')
      .forUpdate()
      .first()) as ShareRow | undefined;
  },

  async insert(db: Queryable, share: Omit<ShareRow, 'created_at' | 'revoked_at'>): Promise<ShareRow> {
    const [row] = await shares(db).insert(share).returning('*');
    return row as ShareRow;
  },

  async setRole(db: Queryable, id: string, role: ShareRole): Promise<ShareRow> {
    const [row] = await shares(db).where({ id }).update({ role }).returning('*');
    return row as ShareRow;
  },

  /** The item's live shares, oldest first. */
  async listLive(db: Queryable, kind: ItemKind, itemId: string): Promise<ShareRow[]> {
    return (await shares(db)
      .where({ item_kind: kind, item_id: itemId })
      .whereNull('revoked_at')
      .orderBy([{ column: 'created_at' }, { column: 'id' }])) as ShareRow[];
  },

  async findOfItem(db: Queryable, kind: ItemKind, itemId: string, id: string): Promise<ShareRow | undefined> {
    return (await shares(db).where({ id, item_kind: kind, item_id: itemId }).first()) as ShareRow | undefined;
  },

  /** Revokes the share if it is live; returns it only when this call revoked it. */
  async revoke(db: Queryable, id: string): Promise<ShareRow | undefined> {
    const [row] = await shares(db)
      .where({ id })
      .whereNull('revoked_at')
      .update({ revoked_at: db.fn.now() as unknown as Date })
      .returning('*');
    return row;
  },

  /** The purge: every share of these items goes with them, revoked ones included. */
  async deleteForItems(db: Queryable, kind: ItemKind, itemIds: string[]): Promise<number> {
    if (itemIds.length === 0) return 0;
    return shares(db).where({ item_kind: kind }).whereIn('item_id', itemIds).delete();
  },

  /** Account deletion: every share the user made. */
  async deleteOwnedBy(db: Queryable, ownerId: string): Promise<number> {
    return shares(db).where({ owner_id: ownerId }).delete();
  },
};
