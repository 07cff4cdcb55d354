import knex, { type Knex } from 'knex';
import type { ConfigSection } from './config';
import { useFastTimestamptzParser } from './timestamptz-parser';

export type Database = Knex;
export type Transaction = Knex.Transaction;

export function createDatabase(config: ConfigSection<'database'>): Database {
  useFastTimestamptzParser();
  return knex({
    client: 'pg',
    connection: config.url,
    pool: { min: 0, max: config.poolMax },
  });
}

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === UNIQUE_VIOLATION;
}
