import type { Knex } from 'knex';

// Issue 10's storage: shares (a file or folder granted to an email) and
// public links (a file reachable by a secret token). A share names its
// grantee by email, lower-cased, so sharing with an unknown address is the
// same write as with a known one (no account enumeration); grantee_id is
// filled when that address signs up. Revocation keeps the row (revoked_at)
// for the audit trail; only live rows are unique and indexed for lookups.
// A link's token is never stored: token_hash is a digest of ≥128 random
// bits, so a database leak yields no usable links.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('files').createTable('shares', (table) => {
    table.uuid('id').primary();
    table.text('item_kind').notNullable().checkIn(['file', 'folder'], 'shares_item_kind_check');
    // No foreign key: the item is a file or a folder. The purge deletes an item's shares.
    table.uuid('item_id').notNullable();
    table.uuid('owner_id').notNullable();
    table.text('grantee_email').notNullable();
    table.uuid('grantee_id');
    table.text('role').notNullable().checkIn(['viewer', 'editor'], 'shares_role_check');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('revoked_at', { useTz: true });
  });
  await knex.raw(
    'ALTER TABLE files.shares ADD CONSTRAINT shares_email_lower_case CHECK (grantee_email = lower(grantee_email))',
  );
  // One live share per item and address: a second POST changes the role instead.
  await knex.raw(
    'CREATE UNIQUE INDEX shares_live_per_item_email ON files.shares (item_kind, item_id, grantee_email) WHERE revoked_at IS NULL',
  );
  // "Shared with me", newest first, for a signed-up grantee.
  await knex.raw(
    'CREATE INDEX shares_live_by_grantee ON files.shares (grantee_id, created_at, id) WHERE revoked_at IS NULL',
  );
  // Filling grantee_id at sign-up finds the pending shares by address.
  // The purge deletes every share of an item, revoked ones included.
  await knex.raw('CREATE INDEX shares_by_item ON files.shares (item_id)');
  await knex.raw(
    'CREATE INDEX shares_unclaimed_by_email ON files.shares (grantee_email) WHERE grantee_id IS NULL AND revoked_at IS NULL',
  );

  await knex.schema.withSchema('files').createTable('links', (table) => {
    table.uuid('id').primary();
    table.uuid('file_id').notNullable().references('id').inTable('files.files').onDelete('CASCADE');
    table.uuid('owner_id').notNullable();
    table.binary('token_hash').notNullable().unique({ indexName: 'links_token_hash_unique' });
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.integer('max_downloads');
    table.integer('downloads').notNullable().defaultTo(0);
    table.text('password_hash');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('revoked_at', { useTz: true });
    table.index(['file_id', 'created_at'], 'links_by_file');
  });
  await knex.raw(
    'ALTER TABLE files.links ADD CONSTRAINT links_downloads_within_limit CHECK (downloads >= 0 AND (max_downloads IS NULL OR (max_downloads > 0 AND downloads <= max_downloads)))',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('files').dropTableIfExists('links');
  await knex.schema.withSchema('files').dropTableIfExists('shares');
}
