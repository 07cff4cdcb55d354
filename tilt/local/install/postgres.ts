// PostgreSQL server programs (postgres, initdb). Debian keeps them off PATH
// in /usr/lib/postgresql/<major>/bin, so look there too before installing.
import fs from 'node:fs';
import path from 'node:path';
import { VERSIONS } from '../versions';
import { aptInstall, findOnPath } from './system';

const DEBIAN_ROOT = '/usr/lib/postgresql';

function hasServerPrograms(dir: string): boolean {
  return ['postgres', 'initdb'].every((name) => fs.existsSync(path.join(dir, name)));
}

function fromPath(): string | undefined {
  const postgres = findOnPath('postgres');
  if (!postgres) return undefined;
  // initdb must come from the same installation as postgres; a symlinked
  // postgres (e.g. /usr/local/bin) is followed to its real folder.
  for (const dir of [path.dirname(postgres), path.dirname(fs.realpathSync(postgres))]) {
    if (hasServerPrograms(dir)) return dir;
  }
  return undefined;
}

function fromDebianLayout(): string | undefined {
  if (!fs.existsSync(DEBIAN_ROOT)) return undefined;
  const majors = fs
    .readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return majors.map((major) => path.join(DEBIAN_ROOT, major, 'bin')).find(hasServerPrograms);
}

// Returns the folder holding `postgres` and `initdb`.
export async function ensurePostgres(): Promise<string> {
  const found = fromPath() ?? fromDebianLayout();
  if (found) return found;
  await aptInstall(
    [VERSIONS.postgres.aptPackage],
    'Postgres was not found (no `postgres` on PATH nor in /usr/lib/postgresql/*/bin)',
  );
  const installed = fromDebianLayout();
  if (!installed)
    throw new Error(
      `installed ${VERSIONS.postgres.aptPackage} but found no postgres/initdb under ${DEBIAN_ROOT}/*/bin`,
    );
  return installed;
}
