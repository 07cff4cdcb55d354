import { StreamHubClient } from '../client.js';
import { configDir, DEFAULT_SERVER, forgetLogin, readLogin, writeLogin } from './config.js';
import { NotLoggedInError } from './exit-codes.js';

export interface GlobalOptions {
  server?: string;
  json?: boolean;
}

/** The server to talk to: --server, then $STREAMHUB_URL, then the login's, then the local default. */
export async function serverOf(options: GlobalOptions): Promise<string> {
  return (
    options.server ?? process.env.STREAMHUB_URL ?? (await readLogin(configDir()))?.server ?? DEFAULT_SERVER
  );
}

/** A client with the stored login; every rotated pair is written back at once (refresh tokens are single use). */
export async function loggedInClient(options: GlobalOptions): Promise<StreamHubClient> {
  const dir = configDir();
  const login = await readLogin(dir);
  if (!login) throw new NotLoggedInError();
  return new StreamHubClient({
    baseUrl: options.server ?? process.env.STREAMHUB_URL ?? login.server,
    tokens: login.tokens,
    onTokens: (tokens) => (tokens ? writeLogin(dir, { ...login, tokens }) : forgetLogin(dir)),
  });
}
