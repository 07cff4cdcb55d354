import createClient, { type Client } from 'openapi-fetch';
import { authorizedFetch } from './authorized-fetch.js';
import { downloadFile, type DownloadOptions } from './download.js';
import type { components, paths } from './generated/schema.js';
import { TokenKeeper, tokenPairOf, type TokenPair, type TokensListener } from './tokens.js';
import { uploadFile, type FileItem, type UploadOptions } from './upload.js';
import { unwrap } from './unwrap.js';

export type Session = components['schemas']['Session'];
export type Profile = components['schemas']['Profile'];

export interface StreamHubClientOptions {
  /** The gateway's address, e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** A pair from an earlier login (a stored one, for a CLI). */
  tokens?: TokenPair;
  /** Receives every rotated pair, and null when the login ended: store it at once. */
  onTokens?: TokensListener;
  fetch?: typeof fetch;
}

/**
 * The typed StreamHub client: `api` is the generated client (every route of
 * /openapi.json, typed) with the access token added and renewed; the methods
 * are the flows a raw client gets wrong.
 */
export class StreamHubClient {
  readonly api: Client<paths>;
  readonly baseUrl: string;
  private readonly keeper: TokenKeeper;

  constructor(options: StreamHubClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? globalThis.fetch;
    this.keeper = new TokenKeeper(this.baseUrl, fetchImpl, options.tokens, options.onTokens);
    this.api = createClient<paths>({ baseUrl: this.baseUrl, fetch: authorizedFetch(this.keeper, fetchImpl) });
  }

  get tokens(): TokenPair | undefined {
    return this.keeper.current();
  }

  async signUp(body: { email: string; password: string; displayName?: string }): Promise<Session> {
    return this.startSession(unwrap(await this.api.POST('/v1/auth/signup', { body })));
  }

  async login(email: string, password: string): Promise<Session> {
    return this.startSession(unwrap(await this.api.POST('/v1/auth/login', { body: { email, password } })));
  }

  /** Ends this login on the server (its access tokens stop within a second) and forgets the pair. */
  async logout(): Promise<void> {
    const tokens = this.keeper.current();
    if (tokens)
      unwrap(await this.api.POST('/v1/auth/logout', { body: { refreshToken: tokens.refreshToken } }));
    await this.keeper.set(null);
  }

  async me(): Promise<Profile> {
    return unwrap(await this.api.GET('/v1/me'));
  }

  /** Uploads a file (a path) or bytes: one PUT or multipart by size, with progress, resumable. */
  upload(source: string | Uint8Array, options: UploadOptions): Promise<FileItem> {
    return uploadFile(this.api, this.baseUrl, source, options);
  }

  /** Streams the file's current version to a path, with progress. */
  download(fileId: string, destination: string, options?: DownloadOptions): Promise<{ bytes: number }> {
    return downloadFile(this.api, fileId, destination, options);
  }

  private async startSession(session: Session): Promise<Session> {
    await this.keeper.set(tokenPairOf(session));
    return session;
  }
}
