import type { Command } from 'commander';
import { StreamHubClient } from '../../client.js';
import { configDir, forgetLogin, readLogin, writeLogin } from '../config.js';
import { formatBytes } from '../format.js';
import { readPassword } from '../read-password.js';
import { loggedInClient, serverOf, type GlobalOptions } from '../session.js';
import { print } from '../output.js';

export function addAuthCommands(program: Command): void {
  program
    .command('login')
    .description('log in and keep the tokens in the config directory (mode 0600)')
    .requiredOption('-e, --email <email>', 'your account address')
    .option('--password-stdin', 'read the password from standard input instead of a prompt')
    .action(async (options: { email: string; passwordStdin?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const server = await serverOf(globals);
      const password = process.env.STREAMHUB_PASSWORD ?? (await readPassword(options.passwordStdin === true));
      const dir = configDir();
      const client = new StreamHubClient({ baseUrl: server });
      const session = await client.login(options.email, password);
      await writeLogin(dir, { server, email: session.user.email, tokens: client.tokens! });
      print(globals, session.user, `logged in to ${server} as ${session.user.email}`);
    });

  program
    .command('logout')
    .description('end this login on the server and forget its tokens')
    .action(async (_options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const dir = configDir();
      if (!(await readLogin(dir))) return print(globals, { loggedOut: false }, 'not logged in');
      await (await loggedInClient(globals)).logout().finally(() => forgetLogin(dir));
      print(globals, { loggedOut: true }, 'logged out');
    });

  program
    .command('whoami')
    .description('the account you are logged in as')
    .action(async (_options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      const me = await client.me();
      print(
        globals,
        me,
        `${me.email} (${me.displayName}, ${me.role}) on ${client.baseUrl}\nplan ${me.plan.name}, ${formatBytes(me.usage.usedBytes)} of ${formatBytes(me.usage.quotaBytes)} used`,
      );
    });
}
