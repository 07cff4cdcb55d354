import type { Command } from 'commander';
import { unwrap } from '../../unwrap.js';
import { positiveInteger } from '../arguments.js';
import { shortTime, table } from '../format.js';
import { print } from '../output.js';
import { loggedInClient, type GlobalOptions } from '../session.js';

export function addSharingCommands(program: Command): void {
  const share = program.command('share').description('share files and folders with other people');
  share
    .command('add <fileId> <email>')
    .description('share a file (or with --folder, a folder) with an address')
    .option('-r, --role <role>', 'viewer or editor', 'viewer')
    .option('--folder', 'the id is a folder’s')
    .action(
      async (
        id: string,
        email: string,
        options: { role: 'viewer' | 'editor'; folder?: boolean },
        command: Command,
      ) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const client = await loggedInClient(globals);
        const body = { email, role: options.role };
        const params = { path: { id } };
        const created = options.folder
          ? unwrap(await client.api.POST('/v1/folders/{id}/shares', { params, body }))
          : unwrap(await client.api.POST('/v1/files/{id}/shares', { params, body }));
        print(globals, created, `shared with ${created.email} as ${created.role} (${created.id})`);
      },
    );
  share
    .command('ls <fileId>')
    .description('the live shares of a file (or with --folder, a folder)')
    .option('--folder', 'the id is a folder’s')
    .action(async (id: string, options: { folder?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      const params = { path: { id } };
      const { items } = options.folder
        ? unwrap(await client.api.GET('/v1/folders/{id}/shares', { params }))
        : unwrap(await client.api.GET('/v1/files/{id}/shares', { params }));
      const rows = items.map((item) => [item.id, item.role, shortTime(item.createdAt), item.email]);
      print(globals, items, rows.length ? table(['ID', 'ROLE', 'SHARED', 'EMAIL'], rows) : '(not shared)');
    });
  share
    .command('rm <fileId> <shareId>')
    .description('revoke a share')
    .option('--folder', 'the id is a folder’s')
    .action(async (id: string, shareId: string, options: { folder?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      const params = { path: { id, shareId } };
      if (options.folder) unwrap(await client.api.DELETE('/v1/folders/{id}/shares/{shareId}', { params }));
      else unwrap(await client.api.DELETE('/v1/files/{id}/shares/{shareId}', { params }));
      print(globals, { revoked: shareId }, `revoked ${shareId}`);
    });

  const link = program.command('link').description('public links anyone can download a file with');
  link
    .command('add <fileId>')
    .description('make a public link (its URL is shown only now)')
    .option('--expires-in <seconds>', 'lifetime in seconds (7 days by default)', positiveInteger)
    .option('--max-downloads <count>', 'stop after this many downloads', positiveInteger)
    .option('--password <password>', 'ask this password before the download')
    .action(
      async (
        fileId: string,
        options: { expiresIn?: number; maxDownloads?: number; password?: string },
        command: Command,
      ) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const client = await loggedInClient(globals);
        const body = {
          ...(options.expiresIn ? { expiresIn: options.expiresIn } : {}),
          ...(options.maxDownloads ? { maxDownloads: options.maxDownloads } : {}),
          ...(options.password ? { password: options.password } : {}),
        };
        const created = unwrap(
          await client.api.POST('/v1/files/{id}/links', { params: { path: { id: fileId } }, body }),
        );
        print(
          globals,
          created,
          `${created.url}\n(id ${created.id}, expires ${shortTime(created.expiresAt)})`,
        );
      },
    );
  link
    .command('ls <fileId>')
    .description('a file’s links (never their tokens)')
    .action(async (fileId: string, _options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      const { items } = unwrap(
        await client.api.GET('/v1/files/{id}/links', { params: { path: { id: fileId } } }),
      );
      const rows = items.map((item) => [
        item.id,
        item.active ? 'active' : 'ended',
        String(item.downloads),
        shortTime(item.expiresAt),
      ]);
      print(
        globals,
        items,
        rows.length ? table(['ID', 'STATE', 'DOWNLOADS', 'EXPIRES'], rows) : '(no links)',
      );
    });
  link
    .command('rm <fileId> <linkId>')
    .description('revoke a link')
    .action(async (fileId: string, linkId: string, _options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      unwrap(
        await client.api.DELETE('/v1/files/{id}/links/{linkId}', {
          params: { path: { id: fileId, linkId } },
        }),
      );
      print(globals, { revoked: linkId }, `revoked ${linkId}`);
    });
}
