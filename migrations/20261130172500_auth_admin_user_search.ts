import type { Knex } from 'knex';

// The admin user search (GET /v1/admin/users): an email substring is a
// trigram match, and listing one role or the disabled accounts does not
// read every user.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw('CREATE INDEX users_email_trgm ON auth.users USING gin (email gin_trgm_ops)');
  await knex.raw("CREATE INDEX users_by_role ON auth.users (role) WHERE role = 'admin'");
  await knex.raw('CREATE INDEX users_disabled ON auth.users (disabled_at) WHERE disabled_at IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX auth.users_disabled');
  await knex.raw('DROP INDEX auth.users_by_role');
  await knex.raw('DROP INDEX auth.users_email_trgm');
}
