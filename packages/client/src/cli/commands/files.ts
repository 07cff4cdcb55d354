import type { Command } from 'commander';
import type { components } from '../../generated/schema.js';
import { unwrap } from '../../unwrap.js';
import { resolveFolder } from '../folders.js';
import { formatBytes, shortTime, table } from '../format.js';
import { print } from '../output.js';
import { loggedInClient, type GlobalOptions } from '../session.js';
import { UsageError } from '../exit-codes.js';
import { positiveInteger } from '../arguments.js';

type FileItem = components['schemas']['File'];

const fileRows = (files: FileItem[]) =>
  files.map((file) => ['file', file.id, formatBytes(file.size), shortTime(file.updatedAt), file.name]);

const FILE_SORTS = ['name', '-name', 'createdAt', '-createdAt', 'size', '-size'] as const;
type FileSort = (typeof FILE_SORTS)[number];
type FolderSort = Exclude<FileSort, 'size' | '-size'>;

function fileSortOf(sort: string): FileSort {
  if (!(FILE_SORTS as readonly string[]).includes(sort))
    throw new UsageError(`--sort must be one of ${FILE_SORTS.join(', ')}`);
  return sort as FileSort;
}

export function addFileCommands(program: Command): void {
  program
    .command('ls [folder]')
    .description(
      'list a folder (an id or a path such as /photos/2026; the root by default): folders, then files',
    )
    .option('-s, --sort <key>', 'name, createdAt or size; a leading - sorts descending', 'name')
    .option('-q, --search <text>', 'only names that contain this text (any case)')
    .option('-n, --limit <count>', 'at most this many folders and files each', positiveInteger, 100)
    .action(
      async (
        folder: string | undefined,
        options: { sort: string; search?: string; limit: number },
        command: Command,
      ) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        // The command line first: a usage error exits 2 before any call.
        const sort = fileSortOf(options.sort);
        const client = await loggedInClient(globals);
        const parentId = await resolveFolder(client, folder);
        const limit = options.limit;
        const search = options.search ? { q: options.search } : {};
        // Folders sort by name or creation time only: size sorts them by name.
        const folderSort = sort.replace(/^(-?)size$/, '$1name') as FolderSort;
        const folders = unwrap(
          await client.api.GET('/v1/folders', {
            params: { query: { parentId: parentId ?? 'root', sort: folderSort, limit, ...search } },
          }),
        );
        const files = unwrap(
          await client.api.GET('/v1/files', {
            params: { query: { folderId: parentId ?? 'root', sort, limit, ...search } },
          }),
        );
        const rows = [
          ...folders.items.map((item) => ['folder', item.id, '', shortTime(item.updatedAt), `${item.name}/`]),
          ...fileRows(files.items),
        ];
        print(
          globals,
          { folders: folders.items, files: files.items },
          rows.length ? table(['KIND', 'ID', 'SIZE', 'UPDATED', 'NAME'], rows) : '(empty)',
        );
      },
    );

  program
    .command('mv <fileId>')
    .description('move and/or rename a file')
    .option('-t, --to <folder>', 'the folder to move it to (an id, a path, or / for the root)')
    .option('--name <name>', 'its new name')
    .action(async (fileId: string, options: { to?: string; name?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      const body = {
        ...(options.name ? { name: options.name } : {}),
        ...(options.to !== undefined ? { folderId: await resolveFolder(client, options.to) } : {}),
      };
      const file = unwrap(
        await client.api.PATCH('/v1/files/{id}', { params: { path: { id: fileId } }, body }),
      );
      print(globals, file, `${file.id}  ${file.name}  in ${file.folderId ?? 'the root'}`);
    });

  program
    .command('rm <fileIds...>')
    .description('move files to the trash (restore them until the plan’s retention ends)')
    .action(async (fileIds: string[], _options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      const trashed = [];
      for (const id of fileIds)
        trashed.push(unwrap(await client.api.DELETE('/v1/files/{id}', { params: { path: { id } } })).file);
      print(
        globals,
        trashed,
        trashed.map((file) => `trashed ${file.name} (purged after ${shortTime(file.purgeAt)})`).join('\n'),
      );
    });

  program
    .command('restore <fileId>')
    .description('bring a file back from the trash')
    .action(async (fileId: string, _options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      const { file } = unwrap(
        await client.api.POST('/v1/files/{id}/restore', { params: { path: { id: fileId } } }),
      );
      print(globals, file, `restored ${file.name}`);
    });

  program
    .command('trash')
    .description('list the trash; --empty purges it now')
    .option('--empty', 'purge every file in the trash now')
    .action(async (options: { empty?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      if (options.empty) {
        const answer = unwrap(await client.api.DELETE('/v1/trash'));
        return print(globals, answer, `purging ${answer.files} file(s)`);
      }
      const page = unwrap(await client.api.GET('/v1/trash', { params: { query: { limit: 100 } } }));
      const rows = page.items.map((file) => [
        file.id,
        formatBytes(file.size),
        shortTime(file.purgeAt),
        file.name,
      ]);
      print(
        globals,
        page.items,
        rows.length ? table(['ID', 'SIZE', 'PURGED AFTER', 'NAME'], rows) : '(the trash is empty)',
      );
    });

  program
    .command('versions <fileId>')
    .description('list a file’s versions, newest first; --restore makes one current')
    .option('--restore <version>', 'make this version the current one', positiveInteger)
    .action(async (fileId: string, options: { restore?: number }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      if (options.restore) {
        const { file } = unwrap(
          await client.api.POST('/v1/files/{id}/versions/{version}/restore', {
            params: { path: { id: fileId, version: options.restore } },
          }),
        );
        return print(globals, file, `${file.name} is now version ${file.version}`);
      }
      const { items } = unwrap(
        await client.api.GET('/v1/files/{id}/versions', { params: { path: { id: fileId } } }),
      );
      const rows = items.map((item) => [
        String(item.version),
        item.current ? '*' : '',
        formatBytes(item.size),
        item.status,
        shortTime(item.createdAt),
      ]);
      print(globals, items, table(['VERSION', 'CURRENT', 'SIZE', 'STATUS', 'CREATED'], rows));
    });
}
