import type { Knex } from 'knex';

// The files service's schema. A file is a named entry in a folder; its bytes
// are versions (the object key is derived by the storage service from
// user, file and version). `usage` keeps each user's bytes exact: committed
// bytes of every stored version (live, trashed, old) plus reservations for
// uploads in flight.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS files');
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.schema.withSchema('files').createTable('folders', (table) => {
    table.uuid('id').primary();
    table.uuid('owner_id').notNullable();
    table.uuid('parent_id').references('id').inTable('files.folders').onDelete('CASCADE');
    table.text('name').notNullable();
    table.timestamp('trashed_at', { useTz: true });
    table.timestamps(true, true);
    table.index(['owner_id', 'parent_id']);
  });
  await knex.schema.withSchema('files').createTable('files', (table) => {
    table.uuid('id').primary();
    table.uuid('owner_id').notNullable();
    table.uuid('folder_id').references('id').inTable('files.folders').onDelete('SET NULL');
    table.text('name').notNullable();
    table.text('content_type').notNullable();
    table.bigInteger('size').notNullable();
    table
      .text('status')
      .notNullable()
      .checkIn(['pending', 'ready', 'failed', 'trashed'], 'files_status_check');
    table.boolean('starred').notNullable().defaultTo(false);
    table.integer('current_version').notNullable().defaultTo(1);
    table.timestamp('opened_at', { useTz: true });
    table.timestamp('trashed_at', { useTz: true });
    table.timestamp('purge_at', { useTz: true });
    table.timestamps(true, true);
  });
  // Millisecond timestamps: list cursors carry JavaScript dates, and a
  // microsecond remainder would repeat or skip rows at page boundaries.
  await knex.raw(
    "ALTER TABLE files.files ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())",
  );
  // Names are unique per folder among files a user can see (pending or ready).
  await knex.raw(`CREATE UNIQUE INDEX files_name_per_folder ON files.files
    (owner_id, COALESCE(folder_id, '00000000-0000-0000-0000-000000000000'::uuid), name) WHERE status IN ('pending', 'ready')`);
  await knex.raw(`CREATE UNIQUE INDEX folders_name_per_parent ON files.folders
    (owner_id, COALESCE(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name) WHERE trashed_at IS NULL`);
  await knex.raw('CREATE INDEX files_list_created ON files.files (owner_id, created_at, id)');
  await knex.raw('CREATE INDEX files_list_name ON files.files (owner_id, name, id)');
  await knex.raw('CREATE INDEX files_list_size ON files.files (owner_id, size, id)');
  await knex.raw('CREATE INDEX files_name_search ON files.files USING gin (name gin_trgm_ops)');
  await knex.raw("CREATE INDEX files_trash_due ON files.files (owner_id, purge_at) WHERE status = 'trashed'");
  await knex.schema.withSchema('files').createTable('file_versions', (table) => {
    table.uuid('file_id').notNullable().references('id').inTable('files.files').onDelete('CASCADE');
    table.integer('version').notNullable();
    table.bigInteger('size').notNullable();
    table.text('content_type').notNullable();
    table.text('sha256');
    table.text('status').notNullable().checkIn(['pending', 'ready', 'failed'], 'file_versions_status_check');
    table.text('multipart_upload_id');
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('workflow_started_at', { useTz: true });
    table.timestamp('ready_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['file_id', 'version']);
  });
  await knex.raw(
    "CREATE INDEX file_versions_unstarted ON files.file_versions (created_at) WHERE workflow_started_at IS NULL AND status = 'pending'",
  );
  await knex.schema.withSchema('files').createTable('usage', (table) => {
    table.uuid('user_id').primary();
    table.bigInteger('used_bytes').notNullable().defaultTo(0);
    table.bigInteger('reserved_bytes').notNullable().defaultTo(0);
    table.integer('file_count').notNullable().defaultTo(0);
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    'ALTER TABLE files.usage ADD CONSTRAINT usage_not_negative CHECK (used_bytes >= 0 AND reserved_bytes >= 0 AND file_count >= 0)',
  );
  await knex.schema.withSchema('files').createTable('outbox', (table) => {
    table.uuid('id').primary();
    table.text('topic').notNullable();
    table.text('key').notNullable();
    table.text('event_type').notNullable();
    table.binary('payload').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now()).index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA IF EXISTS files CASCADE');
}
