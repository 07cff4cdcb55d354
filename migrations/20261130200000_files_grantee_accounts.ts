import type { Knex } from 'knex';

// The files service's read model of who a share can reach: accounts whose
// email is VERIFIED (from auth's user.email_verified events), so an address
// someone registered but never proved claims nothing. A share and the
// account it reaches meet under pg_advisory_xact_lock(hashtext(email)).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('files').createTable('grantee_accounts', (table) => {
    table.uuid('user_id').primary();
    table.text('email').notNullable().unique({ indexName: 'grantee_accounts_email_unique' });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    'ALTER TABLE files.grantee_accounts ADD CONSTRAINT grantee_accounts_email_lower_case CHECK (email = lower(email))',
  );
  // The accounts verified before this table existed (auth may live in another database: then none).
  const { rows } = await knex.raw<{ rows: Array<{ exists: boolean }> }>(
    "SELECT to_regclass('auth.users') IS NOT NULL AS exists",
  );
  if (!rows[0]?.exists) return;
  await knex.raw(`
    INSERT INTO files.grantee_accounts (user_id, email)
    SELECT id, lower(email) FROM auth.users WHERE email_verified
    ON CONFLICT DO NOTHING`);
  await knex.raw(`
    UPDATE files.shares s SET grantee_id = a.user_id
      FROM files.grantee_accounts a
     WHERE s.grantee_email = a.email AND s.grantee_id IS NULL AND s.revoked_at IS NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('files').dropTableIfExists('grantee_accounts');
}
