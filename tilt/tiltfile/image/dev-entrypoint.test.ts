import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ENTRYPOINT = path.join(__dirname, 'dev-entrypoint.sh');

// Runs the entrypoint with a stand-in `node` that prints the arguments it was given.
function runEntrypoint(args: string[]): { argv: string; restartFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-entrypoint-'));
  try {
    fs.writeFileSync(path.join(dir, 'node'), '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
    const restartFile = path.join(dir, '.restart');
    const argv = execFileSync('/bin/sh', [ENTRYPOINT, ...args], {
      encoding: 'utf8',
      env: { PATH: `${dir}:/usr/bin:/bin`, STREAMHUB_RESTART_FILE: restartFile },
    }).trim();
    return { argv, restartFile: fs.existsSync(restartFile) ? restartFile : '' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('dev image entrypoint', () => {
  it('runs targets under node --watch-path on the restart file that live update touches', () => {
    const { argv, restartFile } = runEntrypoint(['--target=gateway,auth']);
    expect(restartFile).not.toBe('');
    expect(argv).toBe(`--watch-path=${restartFile} dist/services/main.js --target=gateway,auth`);
  });

  it('runs migrations without watch mode, so the Job completes', () => {
    const { argv } = runEntrypoint(['migrate', 'latest']);
    expect(argv).toBe('dist/services/main.js migrate latest');
  });
});
