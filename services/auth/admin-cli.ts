import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { loadConfig } from '../internal/config';
import { createDatabase } from '../internal/db';
import { createAdmin } from './commands/create-admin';
import { PasswordHasher } from './passwords';

export const ADMIN_USAGE = `usage:
  node dist/services/main.js admin create-admin <email> [--password-stdin]
      creates the account as an admin, or makes an existing account an active admin;
      running it again changes nothing. A new account gets the password read from
      stdin with --password-stdin, else a generated one, printed once.`;

/** `npm run admin -- <command>`: operator commands run against the database, no server needed. */
export async function runAdminCli(
  args: string[],
  io: { stdin: NodeJS.ReadableStream; log: (line: string) => void } = {
    stdin: process.stdin,
    log: (line) => console.log(line),
  },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'password-stdin': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [command, email, ...rest] = positionals;
  if (command !== 'create-admin' || !email || rest.length > 0) {
    io.log(ADMIN_USAGE);
    return 2;
  }
  const password = values['password-stdin'] ? (await text(io.stdin)).replace(/\r?\n$/, '') : undefined;
  if (password !== undefined && password.length < 8) {
    io.log('the password read from stdin must have at least 8 characters');
    return 2;
  }
  const config = loadConfig(process.env, ['database', 'tokens']);
  const db = createDatabase(config.get('database'));
  try {
    const result = await createAdmin({
      deps: { db, passwords: new PasswordHasher(config.get('tokens').bcryptCost) },
      email,
      password,
    });
    const { email: stored, id } = result.user;
    io.log(
      {
        created: `created the admin ${stored} (${id})`,
        promoted: `${stored} (${id}) is now an active admin`,
        unchanged: `${stored} (${id}) already is an active admin; nothing changed`,
      }[result.outcome],
    );
    if (result.generatedPassword)
      io.log(`password (shown only this once, never stored in clear): ${result.generatedPassword}`);
    return 0;
  } finally {
    await db.destroy();
  }
}
