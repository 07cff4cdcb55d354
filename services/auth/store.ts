import type { Database, Transaction } from '../internal/db';
import { runStatement, statement } from '../internal/prepared-statements';

export type Role = 'user' | 'admin';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  role: Role;
  email_verified: boolean;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  token_hash: Buffer;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export interface SigningKeyRow {
  kid: string;
  alg: string;
  public_jwk: Record<string, unknown>;
  private_jwk: Record<string, unknown>;
  created_at: Date;
}

type Queryable = Database | Transaction;

const CREATED_MS = "date_trunc('milliseconds', created_at)";
const FIND_USER_BY_ID = statement('SELECT * FROM auth.users WHERE id = $1');
const users = (db: Queryable) => db.withSchema('auth').table<UserRow>('users');
const refreshTokens = (db: Queryable) => db.withSchema('auth').table<RefreshTokenRow>('refresh_tokens');
const signingKeys = (db: Queryable) => db.withSchema('auth').table<SigningKeyRow>('signing_keys');

export const authStore = {
  async insertUser(
    db: Queryable,
    user: Pick<UserRow, 'email' | 'password_hash' | 'display_name'>,
  ): Promise<UserRow> {
    const [row] = await users(db).insert(user).returning('*');
    return row as UserRow;
  },

  async findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
    return (await users(db).where({ email }).first()) as UserRow | undefined;
  },

  async findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
    // Asked on every /v1/me: a prepared statement.
    const [row] = await runStatement<UserRow>(db, FIND_USER_BY_ID, [id]);
    return row;
  },

  async updateUser(
    db: Queryable,
    id: string,
    changes: Partial<Pick<UserRow, 'display_name'>>,
  ): Promise<UserRow | undefined> {
    const [row] = await users(db)
      .where({ id })
      .update({ ...changes, updated_at: db.fn.now() as unknown as Date })
      .returning('*');
    return row;
  },

  async insertRefreshToken(
    db: Queryable,
    token: { family_id: string; user_id: string; token_hash: Buffer; expires_at: Date },
  ): Promise<void> {
    await db.withSchema('auth').table('refresh_tokens').insert(token);
  },

  /** Locks the row so two refreshes with one token cannot both succeed. */
  async lockRefreshToken(trx: Transaction, tokenHash: Buffer): Promise<RefreshTokenRow | undefined> {
    return (await refreshTokens(trx).where({ token_hash: tokenHash }).forUpdate().first()) as
      RefreshTokenRow | undefined;
  },

  async markRefreshTokenUsed(trx: Transaction, id: string): Promise<void> {
    await refreshTokens(trx)
      .where({ id })
      .update({ used_at: trx.fn.now() as unknown as Date });
  },

  async revokeFamily(db: Queryable, familyId: string): Promise<number> {
    return refreshTokens(db)
      .where({ family_id: familyId })
      .whereNull('revoked_at')
      .update({ revoked_at: db.fn.now() as unknown as Date });
  },

  /** Revokes every live refresh token of the user (a password reset); returns how many. */
  async revokeAllRefreshTokens(db: Queryable, userId: string): Promise<number> {
    return refreshTokens(db)
      .where({ user_id: userId })
      .whereNull('revoked_at')
      .update({ revoked_at: db.fn.now() as unknown as Date });
  },

  async setPasswordHash(db: Queryable, id: string, passwordHash: string): Promise<void> {
    await users(db)
      .where({ id })
      .update({ password_hash: passwordHash, updated_at: db.fn.now() as unknown as Date });
  },

  /**
   * Marks the email as proven (a code mailed to it came back). Returns the
   * row only when this call made it verified: of two concurrent calls, the
   * second waits for the first's row lock and then matches nothing.
   */
  async markEmailVerified(db: Queryable, id: string): Promise<UserRow | undefined> {
    const [row] = await users(db)
      .where({ id, email_verified: false })
      .update({ email_verified: true, updated_at: db.fn.now() as unknown as Date })
      .returning('*');
    return row;
  },

  async findRefreshToken(db: Queryable, tokenHash: Buffer): Promise<RefreshTokenRow | undefined> {
    return (await refreshTokens(db).where({ token_hash: tokenHash }).first()) as RefreshTokenRow | undefined;
  },

  async activeSigningKeys(db: Queryable): Promise<SigningKeyRow[]> {
    return signingKeys(db).whereNull('retired_at').orderBy('created_at', 'desc');
  },

  async insertSigningKey(db: Queryable, key: Omit<SigningKeyRow, 'created_at'>): Promise<void> {
    await signingKeys(db).insert(key);
  },

  /** Admin search: newest first, keyset-paginated on (created_at, id). */
  async listUsers(
    db: Queryable,
    filter: {
      emailContains?: string;
      role?: Role;
      status?: 'active' | 'disabled';
      after?: { createdAt: Date; id: string };
      limit: number;
    },
  ): Promise<UserRow[]> {
    const query = users(db).select<UserRow[]>('*');
    if (filter.emailContains)
      query.whereRaw("email LIKE '%' || ? || '%'", [filter.emailContains.replace(/[\\%_]/g, '\\$&')]);
    if (filter.role) query.where({ role: filter.role });
    if (filter.status === 'active') query.whereNull('disabled_at');
    if (filter.status === 'disabled') query.whereNotNull('disabled_at');
    // Cursors carry JavaScript dates (milliseconds); created_at has microseconds.
    if (filter.after)
      query.whereRaw(`(${CREATED_MS}, id) < (?, ?)`, [filter.after.createdAt, filter.after.id]);
    return query.orderByRaw(`${CREATED_MS} DESC, id DESC`).limit(filter.limit);
  },

  /** Locks the user's row so two admin changes to one account run one after the other. */
  async lockUser(trx: Transaction, id: string): Promise<UserRow | undefined> {
    return (await users(trx).where({ id }).forUpdate().first()) as UserRow | undefined;
  },

  async setUserAccess(
    trx: Transaction,
    id: string,
    changes: { role?: Role; disabled?: boolean },
  ): Promise<UserRow> {
    const update: Record<string, unknown> = { updated_at: trx.fn.now() };
    if (changes.role) update.role = changes.role;
    if (changes.disabled !== undefined) update.disabled_at = changes.disabled ? trx.fn.now() : null;
    const [row] = await users(trx).where({ id }).update(update).returning('*');
    return row as UserRow;
  },

  /** Serialises every change that could leave no active admin (see set-user-access.ts). */
  async lockAdminSet(trx: Transaction): Promise<void> {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('auth.users.admins'))");
  },

  async countActiveAdmins(db: Queryable): Promise<number> {
    const [row] = await db
      .raw<{ rows: Array<{ n: number }> }>(
        "SELECT count(*)::int AS n FROM auth.users WHERE role = 'admin' AND disabled_at IS NULL",
      )
      .then((result) => result.rows);
    return row?.n ?? 0;
  },

  async userStats(db: Queryable): Promise<{ total: number; admins: number; disabled: number }> {
    const result = await db.raw<{ rows: Array<{ total: number; admins: number; disabled: number }> }>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE role = 'admin')::int AS admins,
              count(*) FILTER (WHERE disabled_at IS NOT NULL)::int AS disabled
         FROM auth.users`,
    );
    return result.rows[0]!;
  },

  /** Ends every session of the user: no refresh token of theirs works again. */
  async revokeUserRefreshTokens(db: Queryable, userId: string): Promise<number> {
    return refreshTokens(db)
      .where({ user_id: userId })
      .whereNull('revoked_at')
      .update({ revoked_at: db.fn.now() as unknown as Date });
  },

  async setRole(db: Queryable, id: string, role: Role): Promise<UserRow> {
    const [row] = await users(db)
      .where({ id })
      .update({ role, updated_at: db.fn.now() as unknown as Date })
      .returning('*');
    return row as UserRow;
  },

  /** Serialises key creation across replicas so a fresh install gets one key, not one per replica. */
  async lockSigningKeys(trx: Transaction): Promise<void> {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('auth.signing_keys'))");
  },
};
