import type { Knex } from 'knex';

// Tracing (docs/tracing.md): an outbox row keeps the W3C traceparent of the
// request that wrote it, and the relay, which publishes later from its own
// loop, puts it into the Kafka message's headers, so the consumer's span
// joins that request's trace. An upload's version keeps the traceparent of
// POST /v1/uploads: MinIO's bucket notification carries none, and the
// ingest continues the upload's trace from it. NULL when tracing is off.
const OUTBOX_SCHEMAS = ['auth', 'files', 'billing', 'chat', 'notifications'];

export async function up(knex: Knex): Promise<void> {
  for (const schema of OUTBOX_SCHEMAS)
    await knex.schema.withSchema(schema).alterTable('outbox', (table) => {
      table.text('trace_parent').nullable();
    });
  await knex.schema.withSchema('files').alterTable('file_versions', (table) => {
    table.text('trace_parent').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('files').alterTable('file_versions', (table) => {
    table.dropColumn('trace_parent');
  });
  for (const schema of OUTBOX_SCHEMAS)
    await knex.schema.withSchema(schema).alterTable('outbox', (table) => {
      table.dropColumn('trace_parent');
    });
}
