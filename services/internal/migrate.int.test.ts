import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { migrate } from './migrate';
import { requireTestEnv } from './testing/require-env';

describe('migrations', () => {
  const { DATABASE_URL } = requireTestEnv(['DATABASE_URL']);
  const admin = knex({ client: 'pg', connection: DATABASE_URL });
  const database = `streamhub_migrate_${randomUUID().replaceAll('-', '')}`;
  const url = new URL(DATABASE_URL);
  url.pathname = `/${database}`;
  const db = knex({ client: 'pg', connection: url.toString() });

  beforeAll(() => admin.raw(`CREATE DATABASE ${database}`));
  afterAll(async () => {
    await db.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
    await admin.destroy();
  });

  const schemas = async () =>
    (
      await db.raw<{ rows: Array<{ nspname: string }> }>(
        "SELECT nspname FROM pg_namespace WHERE nspname IN ('auth', 'admin', 'billing', 'files') ORDER BY 1",
      )
    ).rows.map((row) => row.nspname);

  it('applies every migration, rolls them all back, and applies them again', async () => {
    expect(await migrate(db, 'latest')).toMatch(/^applied /);
    expect(await schemas()).toEqual(['admin', 'auth', 'billing', 'files']);
    expect(await migrate(db, 'latest')).toBe('already up to date');
    expect(await migrate(db, 'status')).toMatch(/pending: none/);
    expect(await migrate(db, 'rollback')).toMatch(/^rolled back /);
    expect(await schemas()).toEqual([]);
    expect(await migrate(db, 'latest')).toMatch(/^applied /);
  });
});
