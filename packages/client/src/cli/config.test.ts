import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configDir, forgetLogin, readLogin, resumeDir, writeLogin, type StoredLogin } from './config';

const login: StoredLogin = {
  server: 'http://127.0.0.1:8080',
  email: 'ada@example.com',
  tokens: { accessToken: 'access', refreshToken: 'refresh' },
};

describe('configDir', () => {
  it('is $STREAMHUB_CONFIG_DIR when set', () => {
    expect(configDir({ STREAMHUB_CONFIG_DIR: '/x/y', XDG_CONFIG_HOME: '/xdg' })).toBe('/x/y');
  });

  it('is $XDG_CONFIG_HOME/streamhub, else ~/.config/streamhub', () => {
    expect(configDir({ XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/streamhub');
    expect(configDir({})).toBe(path.join(os.homedir(), '.config', 'streamhub'));
  });

  it('keeps the resume state of uploads beside the login', () => {
    expect(resumeDir('/xdg/streamhub')).toBe('/xdg/streamhub/uploads');
  });
});

describe('the stored login', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'streamhub-config-'));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

  it('is written 0600 in a 0700 directory, and read back', async () => {
    const dir = path.join(home, 'streamhub');
    await writeLogin(dir, login);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path.join(dir, 'login.json'))).toBe(0o600);
    expect(await readLogin(dir)).toEqual(login);
  });

  it('tightens a directory and a file that existed with wider modes', async () => {
    const dir = path.join(home, 'streamhub');
    await mkdir(dir, { mode: 0o755 });
    await writeFile(path.join(dir, 'login.json'), '{}', { mode: 0o644 });
    await writeLogin(dir, login);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path.join(dir, 'login.json'))).toBe(0o600);
    expect(JSON.parse(await readFile(path.join(dir, 'login.json'), 'utf8'))).toEqual(login);
  });

  it('is undefined before login and after logout', async () => {
    const dir = path.join(home, 'streamhub');
    expect(await readLogin(dir)).toBeUndefined();
    await writeLogin(dir, login);
    await forgetLogin(dir);
    expect(await readLogin(dir)).toBeUndefined();
    await expect(forgetLogin(dir)).resolves.toBeUndefined();
  });
});
