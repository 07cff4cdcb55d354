import knex, { type Knex } from 'knex';
import type { ConfigSection } from './config';

export type Database = Knex;
export type Transaction = Knex.Transaction;

export function createDatabase(config: ConfigSection<'database'>): Database {
  return knex({
    client: 'pg',
    connection: config.url,
    pool: { min: 0, max: config.poolMax },
  });
}
