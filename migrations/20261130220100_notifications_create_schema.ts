import type { Knex } from 'knex';

// The notifications service's schema (docs/messaging.md#notifications): the
// in-app notifications it stores from domain events, the events it already
// handled (so a redelivered event notifies nobody twice), each user's level
// per chat channel, the accounts deleted (so a late event cannot bring one
// back) and the outbox that carries notification.created to the gateways.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS notifications');
  await knex.schema.withSchema('notifications').createTable('notifications', (table) => {
    table.uuid('id').primary();
    table.uuid('user_id').notNullable();
    table.text('kind').notNullable();
    table.text('title').notNullable();
    table.text('body').notNullable();
    table.text('subject_id').notNullable();
    table.jsonb('data');
    // The domain event it came from: one notification per event and user.
    table.uuid('source_event_id').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('read_at', { useTz: true });
    table.unique(['source_event_id', 'user_id']);
  });
  // The list (newest first, keyset on created_at and id) and its unread filter.
  await knex.raw(
    'CREATE INDEX notifications_by_user ON notifications.notifications (user_id, created_at DESC, id DESC)',
  );
  await knex.raw(
    'CREATE INDEX notifications_unread_by_user ON notifications.notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL',
  );

  // Written in the same transaction as the notifications an event produced.
  await knex.schema.withSchema('notifications').createTable('processed_events', (table) => {
    table.text('consumer').notNullable();
    table.uuid('event_id').notNullable();
    table.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now()).index();
    table.primary(['consumer', 'event_id']);
  });

  await knex.schema.withSchema('notifications').createTable('channel_levels', (table) => {
    table.uuid('user_id').notNullable();
    table.uuid('channel_id').notNullable();
    table.text('level').notNullable().checkIn(['all', 'mentions', 'none'], 'channel_levels_level_check');
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['user_id', 'channel_id']);
    table.index(['channel_id']);
  });

  await knex.schema.withSchema('notifications').createTable('deleted_users', (table) => {
    table.uuid('user_id').primary();
    table.timestamp('deleted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.withSchema('notifications').createTable('outbox', (table) => {
    table.uuid('id').primary();
    table.text('topic').notNullable();
    table.text('key').notNullable();
    table.text('event_type').notNullable();
    table.binary('payload').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now()).index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA IF EXISTS notifications CASCADE');
}
