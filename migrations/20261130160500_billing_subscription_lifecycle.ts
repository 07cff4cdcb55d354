import type { Knex } from 'knex';

// The subscription lifecycle (docs/subscriptions.md): the current
// subscription gains its period start, the past_due status and a plan
// scheduled for the period end; every change of period, plan or status is
// kept in subscription_history; every charge attempt is kept in payments,
// unique by its idempotency key so a retried activity records it once.
// billing.outbox carries billing's events (reminders, changes) to Kafka.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE billing.subscriptions DROP CONSTRAINT subscriptions_status_check');
  await knex.schema.withSchema('billing').alterTable('subscriptions', (table) => {
    table.timestamp('current_period_start', { useTz: true });
    // A cheaper plan chosen mid-period starts at the period end (the paid period is kept).
    table.uuid('scheduled_plan_id').references('id').inTable('billing.plans');
  });
  await knex.raw(
    "ALTER TABLE billing.subscriptions ADD CONSTRAINT subscriptions_status_check CHECK (status IN ('active', 'past_due', 'canceled', 'expired'))",
  );
  await knex.raw(
    'UPDATE billing.subscriptions SET current_period_start = created_at WHERE current_period_start IS NULL',
  );
  await knex.raw(
    'ALTER TABLE billing.subscriptions ALTER COLUMN current_period_start SET DEFAULT now(), ALTER COLUMN current_period_start SET NOT NULL',
  );
  await knex.raw('CREATE INDEX subscriptions_by_status ON billing.subscriptions (status, user_id)');

  await knex.schema.withSchema('billing').createTable('subscription_history', (table) => {
    table.bigIncrements('id').primary();
    table.uuid('user_id').notNullable();
    table.uuid('plan_id').notNullable().references('id').inTable('billing.plans');
    table.text('status').notNullable();
    // subscribed, renewed, upgraded, downgrade_scheduled, downgraded, canceled, resumed, past_due, expired
    table.text('change').notNullable();
    table.timestamp('period_start', { useTz: true }).notNullable();
    table.timestamp('period_end', { useTz: true });
    table.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['user_id', 'id']);
  });

  await knex.schema.withSchema('billing').createTable('payments', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // Sent to the provider as well: one attempt, however often the activity runs.
    table.text('idempotency_key').notNullable().unique();
    table.uuid('user_id').notNullable();
    table.uuid('plan_id').notNullable().references('id').inTable('billing.plans');
    table.integer('amount_cents').notNullable();
    table.timestamp('period_start', { useTz: true }).notNullable();
    table.timestamp('period_end', { useTz: true }).notNullable();
    table.text('outcome').notNullable().checkIn(['succeeded', 'failed'], 'payments_outcome_check');
    table.text('provider_reference');
    table.text('error');
    table.timestamp('attempted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['user_id', 'attempted_at']);
  });

  // The test provider's per-user outcome, set by an admin (PATCH /v1/admin/subscriptions/{userId}).
  await knex.schema.withSchema('billing').createTable('test_payment_outcomes', (table) => {
    table.uuid('user_id').primary();
    table.text('outcome').notNullable().checkIn(['succeed', 'fail'], 'test_payment_outcomes_check');
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.withSchema('billing').createTable('outbox', (table) => {
    table.uuid('id').primary();
    table.text('topic').notNullable();
    table.text('key').notNullable();
    table.text('event_type').notNullable();
    table.binary('payload').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now()).index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('billing').dropTable('outbox');
  await knex.schema.withSchema('billing').dropTable('test_payment_outcomes');
  await knex.schema.withSchema('billing').dropTable('payments');
  await knex.schema.withSchema('billing').dropTable('subscription_history');
  await knex.raw('DROP INDEX billing.subscriptions_by_status');
  await knex.raw("UPDATE billing.subscriptions SET status = 'active' WHERE status = 'past_due'");
  await knex.raw('ALTER TABLE billing.subscriptions DROP CONSTRAINT subscriptions_status_check');
  await knex.raw(
    "ALTER TABLE billing.subscriptions ADD CONSTRAINT subscriptions_status_check CHECK (status IN ('active', 'canceled', 'expired'))",
  );
  await knex.schema.withSchema('billing').alterTable('subscriptions', (table) => {
    table.dropColumn('scheduled_plan_id');
    table.dropColumn('current_period_start');
  });
}
