import type { Knex } from 'knex';

// The auth service's schema: users, refresh-token families, signing keys and
// its event outbox. Emails are stored lower-cased so uniqueness is exact.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS auth');
  await knex.schema.withSchema('auth').createTable('users', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('email').notNullable().unique();
    table.text('password_hash').notNullable();
    table.text('display_name').notNullable();
    table.text('role').notNullable().defaultTo('user').checkIn(['user', 'admin'], 'users_role_check');
    table.boolean('email_verified').notNullable().defaultTo(false);
    table.timestamp('disabled_at', { useTz: true });
    table.timestamps(true, true);
  });
  await knex.schema.withSchema('auth').createTable('refresh_tokens', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.uuid('family_id').notNullable().index();
    table.uuid('user_id').notNullable().references('id').inTable('auth.users').onDelete('CASCADE').index();
    table.binary('token_hash').notNullable().unique();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true });
    table.timestamp('revoked_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.withSchema('auth').createTable('signing_keys', (table) => {
    table.text('kid').primary();
    table.text('alg').notNullable();
    table.jsonb('public_jwk').notNullable();
    table.jsonb('private_jwk').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('retired_at', { useTz: true });
  });
  await knex.schema.withSchema('auth').createTable('outbox', (table) => {
    table.uuid('id').primary();
    table.text('topic').notNullable();
    table.text('key').notNullable();
    table.text('event_type').notNullable();
    table.binary('payload').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now()).index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA IF EXISTS auth CASCADE');
}
