// The Dockerfile cannot be built here (no Docker engine), so it is linted with
// hadolint (HADOLINT_BIN, see tilt/local/install/hadolint.ts), the linter Docker's
// own docs point to: it parses every instruction and checks the shell in RUN
// lines with ShellCheck.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireTestEnv } from '../../services/internal/testing/require-env';
import { REPO_DIR } from './testing/evaluate-tiltfile';

const execFileAsync = promisify(execFile);

async function hadolint(dockerfile: string): Promise<{ exitCode: number; findings: string }> {
  const { HADOLINT_BIN } = requireTestEnv(['HADOLINT_BIN']);
  try {
    const { stdout } = await execFileAsync(HADOLINT_BIN, ['--no-color', dockerfile], { cwd: REPO_DIR });
    return { exitCode: 0, findings: stdout.trim() };
  } catch (error) {
    const { code, stdout } = error as { code?: number; stdout?: string };
    if (typeof code !== 'number') throw error;
    return { exitCode: code, findings: (stdout ?? '').trim() };
  }
}

describe('Dockerfile lint (hadolint)', () => {
  it('finds nothing to report in the Dockerfile', async () => {
    expect(await hadolint(path.join(REPO_DIR, 'Dockerfile'))).toEqual({ exitCode: 0, findings: '' });
  });

  it('reports the mistakes it is there to catch (a floating tag, cd in RUN)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-hadolint-'));
    try {
      const bad = path.join(dir, 'Dockerfile');
      fs.writeFileSync(bad, 'FROM node:latest\nRUN cd /app && npm ci\n');
      const result = await hadolint(bad);
      expect(result.exitCode).not.toBe(0);
      expect(result.findings).toContain('DL3007');
      expect(result.findings).toContain('DL3003');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
