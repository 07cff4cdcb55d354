import type { Knex } from 'knex';

// The chat service's schema (docs/messaging.md): channels with a per-channel
// event counter, members with their read position, messages, their
// attachments, the channel events kept for catch-up, and the outbox.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS chat');
  await knex.schema.withSchema('chat').createTable('channels', (table) => {
    table.uuid('id').primary();
    table.text('type').notNullable().checkIn(['direct', 'group'], 'channels_type_check');
    table.text('name');
    // A direct channel's two members, the smaller id first: the unique index
    // below makes it one channel per pair, whoever creates it.
    table.uuid('direct_low');
    table.uuid('direct_high');
    table.uuid('created_by').notNullable();
    // The seq of the channel's last event. Every event takes the next one
    // with UPDATE ... RETURNING, which also queues the channel's writers.
    table.bigInteger('last_seq').notNullable().defaultTo(0);
    table.timestamp('last_message_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    "CREATE UNIQUE INDEX channels_direct_pair ON chat.channels (direct_low, direct_high) WHERE type = 'direct'",
  );
  await knex.raw(
    "ALTER TABLE chat.channels ADD CONSTRAINT channels_direct_shape CHECK ((type = 'direct') = (direct_low IS NOT NULL AND direct_high IS NOT NULL AND direct_low < direct_high))",
  );

  await knex.schema.withSchema('chat').createTable('members', (table) => {
    table.uuid('channel_id').notNullable().references('id').inTable('chat.channels').onDelete('CASCADE');
    table.uuid('user_id').notNullable();
    table.text('role').notNullable().checkIn(['owner', 'member'], 'members_role_check');
    // The seq of the last message the member read (0: none).
    table.bigInteger('read_seq').notNullable().defaultTo(0);
    table.timestamp('joined_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['channel_id', 'user_id']);
    table.index(['user_id']);
  });

  await knex.schema.withSchema('chat').createTable('messages', (table) => {
    table.uuid('id').primary();
    table.uuid('channel_id').notNullable().references('id').inTable('chat.channels').onDelete('CASCADE');
    // The seq of the event that posted it; history is in this order.
    table.bigInteger('seq').notNullable();
    table.uuid('sender_id').notNullable();
    // Null once deleted.
    table.text('body');
    table.specificType('mentioned_user_ids', 'uuid[]').notNullable().defaultTo('{}');
    table.uuid('client_message_id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('edited_at', { useTz: true });
    table.timestamp('deleted_at', { useTz: true });
    table.unique(['channel_id', 'seq']);
    // Admin stats: messages per day.
    table.index(['created_at']);
  });
  // A retried post with the same client id finds the first one.
  await knex.raw(
    'CREATE UNIQUE INDEX messages_client_id ON chat.messages (channel_id, sender_id, client_message_id) WHERE client_message_id IS NOT NULL',
  );

  await knex.schema.withSchema('chat').createTable('attachments', (table) => {
    table.uuid('message_id').notNullable().references('id').inTable('chat.messages').onDelete('CASCADE');
    table.uuid('file_id').notNullable();
    // Whose drive the file is in: downloads are presigned as this user.
    table.uuid('owner_id').notNullable();
    table.text('name').notNullable();
    table.bigInteger('size').notNullable();
    table.text('content_type').notNullable();
    table.smallint('position').notNullable();
    table.primary(['message_id', 'file_id']);
  });

  // Every channel event as it went to Kafka, for a reconnecting client's catch-up.
  await knex.schema.withSchema('chat').createTable('channel_events', (table) => {
    table.uuid('channel_id').notNullable().references('id').inTable('chat.channels').onDelete('CASCADE');
    table.bigInteger('seq').notNullable();
    table.text('event_type').notNullable();
    table.binary('event').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['channel_id', 'seq']);
  });

  await knex.schema.withSchema('chat').createTable('outbox', (table) => {
    table.uuid('id').primary();
    table.text('topic').notNullable();
    table.text('key').notNullable();
    table.text('event_type').notNullable();
    table.binary('payload').notNullable();
    // clock_timestamp(), not now(): the relay sends in created_at order, and
    // a channel's events are written after its row lock is taken, so the
    // time of the insert (not of the transaction's start) follows the seq.
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.raw('clock_timestamp()'))
      .index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA IF EXISTS chat CASCADE');
}
