import type { Knex } from 'knex';

// Every upload attempt writes its own object key: a random attempt id on the
// version row goes into `users/<user>/<file>/<version>-<attempt>`, so a
// presigned URL can only ever write the object of the attempt it was issued
// for, and a key that became ready is never handed out again. The file row
// keeps the current version's attempt, so a download needs no second read.
// Rows from before keep NULL, which means the old key `.../<version>`.
// part_size is the multipart plan's part size: parts are presigned only for
// 1..part count and with their exact Content-Length.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('files').alterTable('file_versions', (table) => {
    table.uuid('object_attempt').nullable();
    table.bigInteger('part_size').nullable();
  });
  await knex.schema.withSchema('files').alterTable('files', (table) => {
    table.uuid('current_object_attempt').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('files').alterTable('files', (table) => {
    table.dropColumn('current_object_attempt');
  });
  await knex.schema.withSchema('files').alterTable('file_versions', (table) => {
    table.dropColumn('part_size');
    table.dropColumn('object_attempt');
  });
}
