import type { Knex } from 'knex';

// The admin service's audit log, filled from domain events. `event_id` is
// unique so an event delivered twice is recorded once.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS admin');
  await knex.schema.withSchema('admin').createTable('audit_log', (table) => {
    table.bigIncrements('id');
    table.uuid('event_id').notNullable().unique();
    table.text('action').notNullable();
    table.uuid('actor_user_id');
    table.text('subject_id');
    table.jsonb('data').notNullable().defaultTo('{}');
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['occurred_at']);
    table.index(['actor_user_id', 'occurred_at']);
    table.index(['action', 'occurred_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA IF EXISTS admin CASCADE');
}
