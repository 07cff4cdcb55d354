import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Database } from './db';

// Migrations are compiled with the rest of the code: the built app runs the
// .js files from dist/migrations, jest runs the .ts sources. Names are
// recorded without the extension so both see the same history.
const directory = path.resolve(__dirname, '../../migrations');
const extension = path.extname(__filename);

interface MigrationFile {
  name: string;
  file: string;
}

export const migrationSource: Knex.MigrationSource<MigrationFile> = {
  async getMigrations() {
    const files = (await readdir(directory))
      .filter((file) => file.endsWith(extension) && !file.endsWith(`.d${extension}`))
      .sort();
    return files.map((file) => ({ name: path.basename(file, extension), file: path.join(directory, file) }));
  },
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => (await import(migration.file)) as Knex.Migration,
};

export type MigrateCommand = 'latest' | 'rollback' | 'status';

export async function migrate(db: Database, command: MigrateCommand): Promise<string> {
  const options = { migrationSource };
  if (command === 'latest') {
    const [, applied] = (await db.migrate.latest(options)) as [number, string[]];
    return applied.length === 0 ? 'already up to date' : `applied ${applied.join(', ')}`;
  }
  if (command === 'rollback') {
    const [, reverted] = (await db.migrate.rollback(options, true)) as [number, string[]];
    return reverted.length === 0 ? 'nothing to roll back' : `rolled back ${reverted.join(', ')}`;
  }
  const [completed, pending] = (await db.migrate.list(options)) as [Array<{ name: string }>, MigrationFile[]];
  return `applied: ${completed.length}, pending: ${pending.map((item) => item.name).join(', ') || 'none'}`;
}
