import type { Knex } from 'knex';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

// The billing service's schema: the plans it sells and which plan each user
// is on. Seeded with a free plan (every user's default) and two paid ones.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS billing');
  await knex.schema.withSchema('billing').createTable('plans', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('slug').notNullable().unique();
    table.text('name').notNullable();
    table.bigInteger('storage_quota_bytes').notNullable();
    table.bigInteger('max_file_size_bytes').notNullable();
    table.integer('trash_retention_seconds').notNullable();
    table.integer('period_days').notNullable();
    table.integer('price_cents').notNullable();
    table.boolean('is_default').notNullable().defaultTo(false);
    table.timestamp('retired_at', { useTz: true });
    table.timestamps(true, true);
  });
  await knex.raw('CREATE UNIQUE INDEX plans_one_default ON billing.plans (is_default) WHERE is_default');
  await knex.schema.withSchema('billing').createTable('subscriptions', (table) => {
    table.uuid('user_id').primary();
    table.uuid('plan_id').notNullable().references('id').inTable('billing.plans');
    table
      .text('status')
      .notNullable()
      .defaultTo('active')
      .checkIn(['active', 'canceled', 'expired'], 'subscriptions_status_check');
    table.timestamp('current_period_end', { useTz: true });
    table.boolean('cancel_at_period_end').notNullable().defaultTo(false);
    table.timestamps(true, true);
  });
  await knex('billing.plans').insert([
    {
      slug: 'free',
      name: 'Free',
      storage_quota_bytes: 5 * GIB,
      max_file_size_bytes: 512 * MIB,
      trash_retention_seconds: 30 * 86400,
      period_days: 30,
      price_cents: 0,
      is_default: true,
    },
    {
      slug: 'plus',
      name: 'Plus',
      storage_quota_bytes: 200 * GIB,
      max_file_size_bytes: 10 * GIB,
      trash_retention_seconds: 30 * 86400,
      period_days: 30,
      price_cents: 499,
    },
    {
      slug: 'pro',
      name: 'Pro',
      storage_quota_bytes: 2048 * GIB,
      max_file_size_bytes: 100 * GIB,
      trash_retention_seconds: 90 * 86400,
      period_days: 30,
      price_cents: 1499,
    },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA IF EXISTS billing CASCADE');
}
