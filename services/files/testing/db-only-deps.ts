import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { loadConfig } from '../../internal/config';
import type { Database } from '../../internal/db';
import type { FilesDeps } from '../deps';

/** Stands in for a dependency the command under test must not touch: any use fails the test by name. */
function notUsed<T>(name: string): T {
  return new Proxy(
    {},
    {
      get(_target, property) {
        throw new Error(
          `${name}.${String(property)} was used, but this command should only use the database`,
        );
      },
    },
  ) as T;
}

/** FilesDeps for commands that work on the files schema alone (folders, renames, reads). */
export function dbOnlyFilesDeps(db: Database): FilesDeps {
  return {
    db,
    storage: notUsed('storage'),
    billing: notUsed('billing'),
    temporal: notUsed('temporal'),
    taskQueue: 'not-used',
    settings: loadConfig({}, ['files']).get('files'),
    // These commands run inside a test's rolled-back transaction: nothing may be cached.
    usageCache: NO_CACHE,
  };
}
