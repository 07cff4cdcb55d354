import knex, { type Knex } from 'knex';
import { requireTestEnv } from './require-env';

/**
 * The test run's database, with jest hooks that give each test a transaction
 * and roll it back after it, so a command test leaves the database as it found
 * it. `trx()` is the running test's transaction; `db` is the pool, for what a
 * test must commit (and clean up) itself.
 */
export function rolledBackTransactions(): { db: Knex; trx: () => Knex.Transaction } {
  const { DATABASE_URL } = requireTestEnv(['DATABASE_URL']);
  const db = knex({ client: 'pg', connection: DATABASE_URL });
  let current: Knex.Transaction | undefined;
  beforeEach(async () => {
    current = await db.transaction();
  });
  afterEach(async () => {
    await current?.rollback();
    current = undefined;
  });
  afterAll(() => db.destroy());
  const trx = () => {
    if (!current) throw new Error('trx() is only available inside a test');
    return current;
  };
  return { db, trx };
}
