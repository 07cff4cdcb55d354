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

  /** Marks the email as proven (a code mailed to it came back); returns the updated row. */
  async markEmailVerified(db: Queryable, id: string): Promise<UserRow | undefined> {
    const [row] = await users(db)
      .where({ id })
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

  /** Serialises key creation across replicas so a fresh install gets one key, not one per replica. */
  async lockSigningKeys(trx: Transaction): Promise<void> {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('auth.signing_keys'))");
  },
};
