import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { uniqueEmail } from '../../../services/internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../../services/internal/testing/test-platform';
import { StreamHubClient } from '../src';
import { CLI, runCli } from './cli-process';
import { TmuxPane } from './tmux-pane';

const PASSWORD = 'correct horse battery staple';
const MiB = 1024 * 1024;
const SIZE = 200 * MiB; // above the 64 MiB multipart threshold: 13 parts of 16 MiB

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** "total |███░░| 37% 74 MiB/200 MiB" → 37 */
function totalPercent(screen: string): number | undefined {
  const match = /total\s*\|[^|]*\|\s*(\d+)%/.exec(screen);
  return match ? Number(match[1]) : undefined;
}

// The CLI in a real terminal (tmux): the progress bar moves on screen, a
// kill -9 mid-upload loses nothing, and the rerun sends only the missing parts.
describe('streamhub upload in a terminal', () => {
  let app: TestPlatform;
  let work: string;
  let env: Record<string, string>;
  const panes: TmuxPane[] = [];
  const tmux = process.env.TMUX_BIN;

  beforeAll(async () => {
    if (!tmux) throw new Error('TMUX_BIN is not set: run this test through `npm test`, which installs tmux');
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    app = await startTestPlatform();
    work = await mkdtemp(path.join(os.tmpdir(), 'streamhub-terminal-'));
    const email = uniqueEmail('terminal');
    await new StreamHubClient({ baseUrl: app.baseUrl }).signUp({ email, password: PASSWORD });
    env = { STREAMHUB_CONFIG_DIR: path.join(work, 'config'), STREAMHUB_URL: app.baseUrl };
    expect((await runCli(['login', '--email', email, '--password-stdin'], env, `${PASSWORD}\n`)).code).toBe(
      0,
    );
    // 200 MiB of varied bytes, written in 1 MiB pieces.
    const handle = await open(path.join(work, 'big.bin'), 'w');
    const piece = Buffer.alloc(MiB);
    for (let index = 0; index < SIZE / MiB; index += 1) {
      piece.fill(index % 251);
      piece.writeUInt32BE(index, 0);
      await handle.write(piece);
    }
    await handle.close();
  });

  afterAll(async () => {
    for (const pane of panes) pane.kill();
    await rm(work, { recursive: true, force: true });
    await app?.stop();
  });

  function uploadIn(name: string): TmuxPane {
    const script = path.join(work, `${name}.sh`);
    const exports = Object.entries(env).map(([key, value]) => `export ${key}='${value}'`);
    // -j 2: fewer parts in flight, so the kill lands between acknowledged parts.
    execFileSync('sh', ['-c', `cat > '${script}'`], {
      input: [
        ...exports,
        `cd '${work}'`,
        `'${process.execPath}' '${CLI}' upload -j 2 big.bin`,
        'echo "EXIT=$?"',
        'sleep 600',
        '',
      ].join('\n'),
    });
    const pane = new TmuxPane(tmux!, name);
    panes.push(pane);
    pane.start(`sh '${script}'`);
    return pane;
  }

  async function partsAcknowledged(): Promise<number> {
    const dir = path.join(env.STREAMHUB_CONFIG_DIR!, 'uploads');
    if (!existsSync(dir)) return 0;
    let most = 0;
    for (const file of (await readdir(dir)).filter((name) => name.endsWith('.json'))) {
      const state = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { parts: object };
      most = Math.max(most, Object.keys(state.parts).length);
    }
    return most;
  }

  it('shows a moving progress bar, survives kill -9 and resumes to the same bytes', async () => {
    const first = uploadIn('upload-1');
    const early = await first.waitFor((screen) => (totalPercent(screen) ?? 0) >= 1, 120_000);
    const later = await first.waitFor(
      (screen) => (totalPercent(screen) ?? 0) > totalPercent(early)!,
      120_000,
    );
    if (process.env.CLI_TERMINAL_CAPTURE)
      await writeFile(process.env.CLI_TERMINAL_CAPTURE, `${early}\n---\n${later}\n`);

    // Kill the CLI (not the shell) hard once two parts are acknowledged, well before the end.
    const deadline = Date.now() + 120_000;
    while ((await partsAcknowledged()) < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const acknowledged = await partsAcknowledged();
    expect(acknowledged).toBeGreaterThanOrEqual(2);
    const cliPid = Number(
      execFileSync('pgrep', ['-P', String(first.panePid())], { encoding: 'utf8' })
        .trim()
        .split('\n')[0],
    );
    process.kill(cliPid, 'SIGKILL');
    await first.waitFor((screen) => screen.includes('EXIT=137'), 10_000);
    expect(await partsAcknowledged()).toBeLessThan(13);

    const second = uploadIn('upload-2');
    const done = await second.waitFor((screen) => screen.includes('EXIT='), 240_000);
    expect(done).toContain('EXIT=0');
    const resumed = /resuming big\.bin: (\d+) of 13 parts already sent/.exec(done);
    expect(resumed).not.toBeNull();
    expect(Number(resumed![1])).toBeGreaterThanOrEqual(acknowledged);
    const fileId = /uploaded big\.bin \(200 MiB\) (\S+)/.exec(done)![1]!;

    const copy = path.join(work, 'copy.bin');
    expect((await runCli(['download', fileId, copy], env)).code).toBe(0);
    expect(await sha256Of(copy)).toBe(await sha256Of(path.join(work, 'big.bin')));
  }, 600_000);
});
