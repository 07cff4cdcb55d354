import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { runAdminCli } from './admin-cli';
import { connectTestDatabase } from './testing/command-deps';

// The CLI commits (it is not handed a transaction): each test's account is
// deleted afterwards, with the outbox rows it wrote.
describe('npm run admin -- create-admin', () => {
  const db = connectTestDatabase();
  const emails: string[] = [];

  afterAll(async () => {
    const ids = await db.withSchema('auth').table('users').whereIn('email', emails).pluck('id');
    await db.withSchema('auth').table('outbox').whereIn('key', ids).delete();
    await db.withSchema('auth').table('users').whereIn('id', ids).delete();
    await db.destroy();
  });

  async function run(args: string[], stdin = '') {
    const lines: string[] = [];
    const code = await runAdminCli(args, { stdin: Readable.from([stdin]), log: (line) => lines.push(line) });
    return { code, output: lines.join('\n') };
  }
  const email = () => {
    const address = `cli-admin-${randomUUID()}@example.test`;
    emails.push(address);
    return address;
  };
  const stored = (address: string) => db.withSchema('auth').table('users').where({ email: address }).first();

  it('creates an admin with a password read from stdin, and prints no password', async () => {
    const address = email();
    const result = await run(['create-admin', address, '--password-stdin'], 'a long enough password\n');
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toMatch(/^created the admin /);
    expect(result.output).not.toMatch(/password/);
    expect(await stored(address)).toMatchObject({ role: 'admin', disabled_at: null });
  });

  it('prints a generated password once for a new account; a second run changes nothing', async () => {
    const address = email();
    const first = await run(['create-admin', address]);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/password \(shown only this once[^)]*\): [\w-]{24}$/m);
    const row = await stored(address);
    const second = await run(['create-admin', address]);
    expect(second).toMatchObject({ code: 0 });
    expect(second.output).toMatch(/already is an active admin; nothing changed/);
    expect(await stored(address)).toEqual(row);
  });

  it('promotes an existing user without touching their password', async () => {
    const address = email();
    await db
      .withSchema('auth')
      .table('users')
      .insert({ email: address, password_hash: 'kept', display_name: 'x' });
    const result = await run(['create-admin', address]);
    expect(result.output).toMatch(/is now an active admin/);
    expect(await stored(address)).toMatchObject({ role: 'admin', password_hash: 'kept' });
  });

  it('prints the usage for anything else, and refuses a short password', async () => {
    for (const args of [
      [],
      ['create-admin'],
      ['delete-admin', 'x@example.test'],
      ['create-admin', 'a@b', 'extra'],
    ])
      expect(await run(args)).toMatchObject({ code: 2, output: expect.stringMatching(/^usage:/) });
    const address = email();
    expect(await run(['create-admin', address, '--password-stdin'], 'short\n')).toMatchObject({ code: 2 });
    expect(await stored(address)).toBeUndefined();
  });
});
