import path from 'node:path';
import type { Database } from './db';

// Migrations are compiled with the rest of the code; knex runs the .js files
// from dist/migrations (or the .ts ones under jest, which compiles on the fly).
const directory = path.resolve(__dirname, '../../migrations');
const loadExtensions = [path.extname(__filename)];

export type MigrateCommand = 'latest' | 'rollback' | 'status';

export async function migrate(db: Database, command: MigrateCommand): Promise<string> {
  const options = { directory, loadExtensions };
  if (command === 'latest') {
    const [, applied] = (await db.migrate.latest(options)) as [number, string[]];
    return applied.length === 0 ? 'already up to date' : `applied ${applied.join(', ')}`;
  }
  if (command === 'rollback') {
    const [, reverted] = (await db.migrate.rollback(options)) as [number, string[]];
    return reverted.length === 0 ? 'nothing to roll back' : `rolled back ${reverted.join(', ')}`;
  }
  const [completed, pending] = (await db.migrate.list(options)) as [Array<{ name: string }>, Array<{ file: string }>];
  return `applied: ${completed.length}, pending: ${pending.map((item) => item.file).join(', ') || 'none'}`;
}
