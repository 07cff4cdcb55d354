import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { StreamHubClient } from '../../client.js';
import { FileResumeStore } from '../../resume-store.js';
import { unwrap } from '../../unwrap.js';
import { positiveInteger } from '../arguments.js';
import { configDir, resumeDir } from '../config.js';
import { ensureFolder, resolveFolder } from '../folders.js';
import { formatBytes } from '../format.js';
import { print } from '../output.js';
import { transferProgress } from '../progress-bars.js';
import { loggedInClient, type GlobalOptions } from '../session.js';
import { interruptSignal } from '../interrupt.js';

interface PlannedFile {
  localPath: string;
  /** The folder's path under the target, as names (empty: the target itself). */
  folders: string[];
  size: number;
}

/** Every file under the given paths; a directory brings its tree, named from the directory itself. */
async function planUpload(paths: string[]): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  const walk = async (localPath: string, folders: string[]) => {
    const info = await stat(localPath);
    if (info.isDirectory()) {
      const entries = (await readdir(localPath)).sort();
      for (const entry of entries)
        await walk(path.join(localPath, entry), [...folders, path.basename(localPath)]);
    } else if (info.isFile()) planned.push({ localPath: path.resolve(localPath), folders, size: info.size });
  };
  for (const given of paths) await walk(given, []);
  return planned;
}

export function addTransferCommands(program: Command): void {
  program
    .command('upload <paths...>')
    .description(
      'upload files and whole directories (folders are made as needed); an interrupted large upload resumes when run again',
    )
    .option('-t, --to <folder>', 'the folder to upload into (an id or a path; the root by default)')
    .option('-j, --parallel <parts>', 'parts of one large file sent at once', positiveInteger, 4)
    .action(async (paths: string[], options: { to?: string; parallel: number }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      const target = await resolveFolder(client, options.to);
      const planned = await planUpload(paths);
      const resumeStore = new FileResumeStore(resumeDir(configDir()));
      const progress = transferProgress(planned.reduce((sum, file) => sum + file.size, 0));
      const signal = interruptSignal();
      const uploaded = [];
      try {
        const folderIds = new Map<string, string | null>([['', target]]);
        for (const file of planned) {
          const folderId = await folderFor(client, folderIds, file.folders);
          const label = path.join(...file.folders, path.basename(file.localPath));
          const onProgress = progress.start(label, file.size);
          uploaded.push(
            await client.upload(file.localPath, {
              name: path.basename(file.localPath),
              folderId,
              resumeStore,
              partConcurrency: options.parallel,
              signal,
              onProgress,
              onResume: ({ partsSent, partCount }) =>
                process.stderr.write(`resuming ${label}: ${partsSent} of ${partCount} parts already sent\n`),
            }),
          );
          progress.finish(label);
        }
      } finally {
        progress.stop();
      }
      print(
        globals,
        uploaded,
        uploaded.map((file) => `uploaded ${file.name} (${formatBytes(file.size)}) ${file.id}`).join('\n'),
      );
    });

  program
    .command('download <fileId> [destination]')
    .description('download a file’s current version (to its own name in the current directory by default)')
    .action(async (fileId: string, destination: string | undefined, _options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      const file = unwrap(await client.api.GET('/v1/files/{id}', { params: { path: { id: fileId } } }));
      const target = destination ?? path.basename(file.name);
      const progress = transferProgress(file.size);
      try {
        const { bytes } = await client.download(fileId, target, {
          onProgress: progress.start(file.name, file.size),
          signal: interruptSignal(),
        });
        progress.finish(file.name);
        progress.stop();
        print(
          globals,
          { file, path: target, bytes },
          `downloaded ${file.name} to ${target} (${formatBytes(bytes)})`,
        );
      } finally {
        progress.stop();
      }
    });
}

/** The id of the folder at `names` under the target, made on first use. */
async function folderFor(
  client: StreamHubClient,
  known: Map<string, string | null>,
  names: string[],
): Promise<string | null> {
  const key = names.join('/');
  if (known.has(key)) return known.get(key) ?? null;
  const parent = await folderFor(client, known, names.slice(0, -1));
  const id = await ensureFolder(client, parent, names.at(-1) as string);
  known.set(key, id);
  return id;
}
