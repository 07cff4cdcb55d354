// Schemathesis, the OpenAPI fuzzer the API's fuzz test drives
// (services/gateway/openapi-fuzz.int.test.ts), from PyPI into a virtualenv
// of its own in the cache: nothing is installed into the system's Python.
import fs from 'node:fs';
import path from 'node:path';
import { runLogged, step } from '../progress';
import { findOnPath } from './system';
import { cachedBinDir, cacheLogFile } from '../versions';

export const SCHEMATHESIS = { version: '4.32.5' } as const;

export async function ensureSchemathesis(signal?: AbortSignal): Promise<string> {
  const venv = cachedBinDir('schemathesis', SCHEMATHESIS.version);
  const binary = path.join(venv, 'bin', 'st');
  // Written last: an interrupted install never looks finished. (A virtualenv
  // cannot be built elsewhere and moved: its scripts name their own path.)
  const installed = path.join(venv, '.installed');
  if (fs.existsSync(installed)) return binary;
  const python = findOnPath('python3');
  if (!python) throw new Error('python3 (with venv) is needed once to install Schemathesis from PyPI');
  const logFile = cacheLogFile('schemathesis');
  fs.rmSync(venv, { recursive: true, force: true });
  await step(`install Schemathesis ${SCHEMATHESIS.version} from PyPI (once)`, async () => {
    await runLogged({
      title: 'python3 -m venv',
      command: python,
      args: ['-m', 'venv', venv],
      logFile,
      signal,
    });
    await runLogged({
      title: 'pip install schemathesis',
      command: path.join(venv, 'bin', 'pip'),
      args: ['install', '--quiet', `schemathesis==${SCHEMATHESIS.version}`],
      logFile,
      signal,
    });
  });
  fs.writeFileSync(installed, `${SCHEMATHESIS.version}\n`);
  return binary;
}
