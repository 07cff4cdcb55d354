#!/usr/bin/env node
// `streamhub`: the command-line client of a StreamHub server, on @streamhub/client.
import { Command, CommanderError } from 'commander';
import { addAccountCommands } from './commands/account.js';
import { addAuthCommands } from './commands/auth.js';
import { addFileCommands } from './commands/files.js';
import { addSharingCommands } from './commands/sharing.js';
import { addTransferCommands } from './commands/transfer.js';
import { EXIT, exitCodeOf, messageOf } from './exit-codes.js';

export function buildProgram(): Command {
  const program = new Command('streamhub')
    .description('StreamHub from the command line: files, folders, sharing, your plan')
    .version(CLIENT_VERSION)
    .option(
      '--server <url>',
      'the StreamHub server (default: $STREAMHUB_URL, the login’s, http://127.0.0.1:8080)',
    )
    .option('--json', 'print JSON instead of tables')
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 failure, 2 usage error, 3 not logged in, 4 not found,
5 refused (forbidden, conflict, over quota), 6 server unreachable or failing, 130 interrupted.
Tokens are kept in $STREAMHUB_CONFIG_DIR or $XDG_CONFIG_HOME/streamhub (~/.config/streamhub), mode 0600.`,
    )
    .showHelpAfterError()
    // Throw instead of exiting, so usage errors exit 2 (see main below).
    .exitOverride();
  addAuthCommands(program);
  addFileCommands(program);
  addTransferCommands(program);
  addSharingCommands(program);
  addAccountCommands(program);
  return program;
}

// Kept in step with packages/client/package.json by a unit test.
export const CLIENT_VERSION = '0.1.0';

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError)
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    process.stderr.write(`${messageOf(error)}\n`);
    return exitCodeOf(error);
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
