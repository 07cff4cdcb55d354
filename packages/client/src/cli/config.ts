import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TokenPair } from '../tokens.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/** What `login` keeps: the server it logged in to, who, and the token pair. */
export interface StoredLogin {
  server: string;
  email: string;
  tokens: TokenPair;
}

/** $STREAMHUB_CONFIG_DIR, else $XDG_CONFIG_HOME/streamhub, else ~/.config/streamhub. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STREAMHUB_CONFIG_DIR) return env.STREAMHUB_CONFIG_DIR;
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'streamhub');
}

const loginFile = (dir: string) => path.join(dir, 'login.json');

export async function readLogin(dir: string): Promise<StoredLogin | undefined> {
  try {
    return JSON.parse(await readFile(loginFile(dir), 'utf8')) as StoredLogin;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Tokens are secrets: the directory is 0700 and the file 0600, even if they existed with wider modes. */
export async function writeLogin(dir: string, login: StoredLogin): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await writeFile(loginFile(dir), `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  await chmod(loginFile(dir), 0o600);
}

export async function forgetLogin(dir: string): Promise<void> {
  await rm(loginFile(dir), { force: true });
}

/** Where interrupted multipart uploads keep what they sent. */
export function resumeDir(dir: string): string {
  return path.join(dir, 'uploads');
}
