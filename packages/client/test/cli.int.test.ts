import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { uniqueEmail } from '../../../services/internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../../services/internal/testing/test-platform';
import { StreamHubClient } from '../src';
import { CLI, runCli } from './cli-process';

const PASSWORD = 'correct horse battery staple';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the streamhub CLI against a running platform', () => {
  let app: TestPlatform;
  let work: string;
  let env: Record<string, string>;
  let email: string;
  const cli = (...args: string[]) => runCli(args, env);
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await cli('--json', ...args);
    expect(result).toMatchObject({ code: 0 });
    return JSON.parse(result.stdout) as T;
  };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    app = await startTestPlatform();
    work = await mkdtemp(path.join(os.tmpdir(), 'streamhub-cli-'));
    email = uniqueEmail('cli');
    await new StreamHubClient({ baseUrl: app.baseUrl }).signUp({ email, password: PASSWORD });
    env = { STREAMHUB_CONFIG_DIR: path.join(work, 'config'), STREAMHUB_URL: app.baseUrl };
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await app?.stop();
  });

  it('answers --help on every command and exits 2 on a usage error', async () => {
    for (const command of [
      'login',
      'whoami',
      'ls',
      'upload',
      'download',
      'mv',
      'rm',
      'restore',
      'trash',
      'versions',
      'share',
      'link',
      'plan',
      'usage',
    ]) {
      const help = await cli(command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: streamhub ${command}`);
    }
    expect((await cli('ls', '--no-such-option')).code).toBe(2);
    expect((await cli('ls', '--sort', 'colour')).code).toBe(2);
  });

  it('says who is not logged in with exit code 3, and a wrong password with the problem code', async () => {
    const whoami = await cli('whoami');
    expect(whoami.code).toBe(3);
    expect(whoami.stderr).toContain('streamhub login');
    const wrong = await runCli(['login', '--email', email, '--password-stdin'], env, 'not the password\n');
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('invalid_credentials');
  });

  it('logs in, keeping the tokens in a 0600 file, and tells whoami, plan and usage', async () => {
    const login = await runCli(['login', '--email', email, '--password-stdin'], env, `${PASSWORD}\n`);
    expect(login).toMatchObject({ code: 0 });
    expect(login.stdout).toContain(`as ${email}`);
    expect((await stat(path.join(env.STREAMHUB_CONFIG_DIR!, 'login.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(env.STREAMHUB_CONFIG_DIR!)).mode & 0o777).toBe(0o700);
    expect((await cli('whoami')).stdout).toContain(email);
    expect((await json<{ plan: { slug: string } }>('plan')).plan.slug).toBe('free');
    expect(await json('usage')).toMatchObject({ usedBytes: 0, fileCount: 0 });
  });

  it('uploads a directory into folders, lists, searches, moves, downloads the same bytes, trashes and restores', async () => {
    const tree = path.join(work, 'album');
    await mkdir(path.join(tree, 'raw'), { recursive: true });
    const photo = randomBytes(200_000);
    await writeFile(path.join(tree, 'cover.jpg'), photo);
    await writeFile(path.join(tree, 'raw', 'one.raw'), randomBytes(1000));
    const uploaded = await json<Array<{ id: string; name: string }>>('upload', tree);
    expect(uploaded.map((file) => file.name).sort()).toEqual(['cover.jpg', 'one.raw']);

    const root = await json<{ folders: Array<{ name: string }> }>('ls');
    expect(root.folders.map((folder) => folder.name)).toContain('album');
    const album = await json<{ folders: Array<{ name: string }>; files: Array<{ name: string }> }>(
      'ls',
      '/album',
    );
    expect(album.folders.map((folder) => folder.name)).toEqual(['raw']);
    expect(album.files.map((file) => file.name)).toEqual(['cover.jpg']);
    expect((await json<{ files: unknown[] }>('ls', '/album', '--search', 'nothing-like-it')).files).toEqual(
      [],
    );
    expect((await cli('ls', '/album/raw')).stdout).toContain('one.raw');
    expect((await cli('ls', '/no/such/folder')).code).toBe(4);

    const cover = uploaded.find((file) => file.name === 'cover.jpg')!;
    expect((await cli('mv', cover.id, '--to', '/', '--name', 'front.jpg')).code).toBe(0);
    expect((await json<{ files: Array<{ name: string }> }>('ls')).files.map((file) => file.name)).toContain(
      'front.jpg',
    );

    const target = path.join(work, 'front.jpg');
    const download = await cli('download', cover.id, target);
    expect(download.code).toBe(0);
    expect(sha256(await readFile(target))).toBe(sha256(photo));

    expect((await cli('rm', cover.id)).stdout).toContain('trashed front.jpg');
    expect((await cli('trash')).stdout).toContain(cover.id);
    expect((await cli('restore', cover.id)).stdout).toContain('restored front.jpg');
    expect((await cli('restore', cover.id)).code).toBe(5); // 409 not_trashed
    expect((await cli('download', '00000000-0000-4000-8000-000000000000')).code).toBe(4);
  });

  it('lists versions, shares with a person and makes a public link that downloads', async () => {
    const bytes = randomBytes(5000);
    const source = path.join(work, 'notes.txt');
    await writeFile(source, bytes);
    const [file] = await json<Array<{ id: string }>>('upload', source);
    const versions = await json<Array<{ version: number; current: boolean }>>('versions', file!.id);
    expect(versions).toEqual([expect.objectContaining({ version: 1, current: true })]);

    const share = await json<{ id: string; role: string }>(
      'share',
      'add',
      file!.id,
      uniqueEmail('friend'),
      '--role',
      'editor',
    );
    expect(share.role).toBe('editor');
    expect((await cli('share', 'ls', file!.id)).stdout).toContain(share.id);
    expect((await cli('share', 'rm', file!.id, share.id)).code).toBe(0);
    expect((await cli('share', 'ls', file!.id)).stdout).toContain('(not shared)');

    const link = await json<{ url: string; id: string }>('link', 'add', file!.id, '--max-downloads', '1');
    const opened = await fetch(`${link.url}?redirect=false`);
    expect(opened.status).toBe(200);
    expect((await cli('link', 'ls', file!.id)).stdout).toContain(link.id);
    expect((await cli('link', 'rm', file!.id, link.id)).code).toBe(0);
  });

  it('logs out: the stored tokens are gone and the server ended the login', async () => {
    const stored = JSON.parse(await readFile(path.join(env.STREAMHUB_CONFIG_DIR!, 'login.json'), 'utf8')) as {
      tokens: { refreshToken: string };
    };
    expect((await cli('logout')).code).toBe(0);
    expect(existsSync(path.join(env.STREAMHUB_CONFIG_DIR!, 'login.json'))).toBe(false);
    const refresh = await fetch(`${app.baseUrl}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: stored.tokens.refreshToken }),
    });
    expect(refresh.status).toBe(401);
  });
});
