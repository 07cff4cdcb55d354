// The Temporal CLI, whose `server start-dev` is a whole Temporal server with
// SQLite and the Web UI in one process.
import { VERSIONS } from '../versions';
import { ensureGoBinary } from './go-binary';

export function ensureTemporal(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'temporal',
      binary: 'temporal',
      version: VERSIONS.temporal.version,
      module: VERSIONS.temporal.module,
      expected: 'about 4 min, 240 MB',
    },
    signal,
  );
}
