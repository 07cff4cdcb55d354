import knex from 'knex';
import { runBuiltQuery, runStatement, statement } from './prepared-statements';
import { requireTestEnv } from './testing/require-env';

describe('prepared statements', () => {
  const { DATABASE_URL } = requireTestEnv(['DATABASE_URL']);
  const db = knex({ client: 'pg', connection: DATABASE_URL, pool: { min: 0, max: 1 } });
  afterAll(() => db.destroy());

  // One transaction holds one connection, where pg_prepared_statements lists what it prepared.
  const preparedNames = async (trx: knex.Knex.Transaction) =>
    (await trx.raw<{ rows: Array<{ name: string }> }>('SELECT name FROM pg_prepared_statements')).rows.map(
      (row) => row.name,
    );

  it('prepares a statement once per connection under a name derived from its text', async () => {
    const addOne = statement('SELECT $1::int + 1 AS n');
    expect(statement('SELECT $1::int + 1 AS n')).toBe(addOne);
    expect(statement('SELECT $1::int + 2 AS n').name).not.toBe(addOne.name);
    await db.transaction(async (trx) => {
      expect(await runStatement(trx, addOne, [41])).toEqual([{ n: 42 }]);
      expect(await runStatement(trx, addOne, [1])).toEqual([{ n: 2 }]);
      expect(await preparedNames(trx)).toContain(addOne.name);
    });
  });

  it('runs a knex query as a prepared statement named after its SQL, with the bindings as values', async () => {
    const query = () =>
      db
        .select(db.raw('n'))
        .from(db.raw('generate_series(1, 10) AS n'))
        .where('n', '>', 3)
        .orderBy('n')
        .limit(2);
    const { sql } = query().toSQL().toNative();
    await db.transaction(async (trx) => {
      expect(await runBuiltQuery(trx, query())).toEqual(await query().transacting(trx));
      expect(await runBuiltQuery(trx, query().clone())).toEqual([{ n: 4 }, { n: 5 }]);
      expect(await preparedNames(trx)).toContain(statement(sql).name);
    });
  });
});
