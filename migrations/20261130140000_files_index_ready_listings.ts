import type { Knex } from 'knex';

// GET /v1/files lists ready files only, so its indexes hold ready rows only:
// a trashed, pending or failed row is never scanned and filtered away. The
// name search gets a trigram index per user (btree_gin lets a GIN index lead
// with owner_id), so a rare term in a large drive reads only that user's
// matches instead of every user's. Plans before and after, at 10,000 and
// 1,000,000 files per user: docs/performance.md.
//
// CONCURRENTLY keeps uploads running while a large table is indexed; it cannot
// run in a transaction. A build that failed leaves an invalid index behind,
// so each index is dropped first and the migration can simply run again.
export const config = { transaction: false };

const READY_INDEXES: Record<string, string> = {
  files_ready_by_name: "(owner_id, name, id) WHERE status = 'ready'",
  files_ready_by_size: "(owner_id, size, id) WHERE status = 'ready'",
  files_ready_in_folder: "(owner_id, folder_id, name, id) WHERE status = 'ready'",
  files_ready_search: "USING gin (owner_id, name gin_trgm_ops) WHERE status = 'ready'",
};

const REPLACED_INDEXES: Record<string, string> = {
  files_list_name: '(owner_id, name, id)',
  files_list_size: '(owner_id, size, id)',
  files_name_search: 'USING gin (name gin_trgm_ops)',
};

async function rebuild(knex: Knex, indexes: Record<string, string>): Promise<void> {
  for (const [name, definition] of Object.entries(indexes)) {
    await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS files.${name}`);
    await knex.raw(`CREATE INDEX CONCURRENTLY ${name} ON files.files ${definition}`);
  }
}

async function drop(knex: Knex, indexes: Record<string, string>): Promise<void> {
  for (const name of Object.keys(indexes)) await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS files.${name}`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gin');
  await rebuild(knex, READY_INDEXES);
  await drop(knex, REPLACED_INDEXES);
}

export async function down(knex: Knex): Promise<void> {
  await rebuild(knex, REPLACED_INDEXES);
  await drop(knex, READY_INDEXES);
  await knex.raw('DROP EXTENSION IF EXISTS btree_gin');
}
