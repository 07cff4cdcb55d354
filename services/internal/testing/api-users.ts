import { setTimeout as sleep } from 'node:timers/promises';
import { StreamHubClient } from '@streamhub/client';
import type { Knex } from 'knex';
import { apiClient, uniqueEmail } from './http';
import { latestCodeTo } from './mailpit';

type Api = ReturnType<typeof apiClient>;

export interface ApiUser {
  id: string;
  email: string;
  password: string;
  call: Api;
  /** The typed client, logged in as the user: the flows (uploads) go through it, as a user's program does. */
  client: StreamHubClient;
}

const PASSWORD = 'correct horse battery';

/** Signs a new user up through the REST API; `call` sends their access token. */
export async function signUpUser(
  baseUrl: string,
  prefix = 'user',
  email = uniqueEmail(prefix),
): Promise<ApiUser> {
  const api = apiClient(baseUrl);
  const signup = await api('POST', '/v1/auth/signup', { body: { email, password: PASSWORD } });
  if (signup.status !== 201)
    throw new Error(`signup answered ${signup.status}: ${JSON.stringify(signup.body)}`);
  const token = signup.body.accessToken as string;
  return {
    id: signup.body.user.id as string,
    email,
    password: PASSWORD,
    call: (method, path, options = {}) => api(method, path, { token, ...options }),
    client: clientWith(baseUrl, signup.body),
  };
}

/** Confirms the user's address with the verify-email code that sign-up mailed (Mailpit). */
export async function verifyEmail(baseUrl: string, user: Pick<ApiUser, 'email'>): Promise<void> {
  const code = await latestCodeTo(user.email, 1, 'StreamHub: Confirm your email address');
  const verified = await apiClient(baseUrl)('POST', '/v1/auth/otp/verify', {
    body: { email: user.email, purpose: 'verify-email', code },
  });
  if (verified.status !== 204)
    throw new Error(`verify-email answered ${verified.status}: ${JSON.stringify(verified.body)}`);
}

/** A user promoted to admin directly in auth.users, logged in again so the token carries the role. */
export async function signUpAdmin(baseUrl: string, db: Knex): Promise<ApiUser> {
  const user = await signUpUser(baseUrl, 'admin');
  await db('auth.users').where({ id: user.id }).update({ role: 'admin' });
  const api = apiClient(baseUrl);
  const login = await api('POST', '/v1/auth/login', { body: { email: user.email, password: user.password } });
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
  const token = login.body.accessToken as string;
  return {
    ...user,
    call: (method, path, options = {}) => api(method, path, { token, ...options }),
    client: clientWith(baseUrl, login.body),
  };
}

function clientWith(
  baseUrl: string,
  session: { accessToken: string; refreshToken: string },
): StreamHubClient {
  return new StreamHubClient({
    baseUrl,
    tokens: { accessToken: session.accessToken, refreshToken: session.refreshToken },
  });
}

/** PUTs the bytes to a presigned upload (as POST /v1/uploads or /versions answered) and completes it. */
export async function putAndComplete(
  user: Pick<ApiUser, 'call'>,
  created: { file: { id: string }; upload: { url: string; headers: Record<string, string> } },
  bytes: Buffer,
): Promise<void> {
  const put = await fetch(created.upload.url, {
    method: 'PUT',
    headers: created.upload.headers,
    body: bytes,
  });
  if (put.status !== 200) throw new Error(`the PUT answered ${put.status}`);
  // The API asks a client to retry a complete that came before the object was seen (upload_not_arrived).
  let complete = await user.call('POST', `/v1/uploads/${created.file.id}/complete`, { body: {} });
  for (let retry = 0; retry < 40 && complete.body?.code === 'upload_not_arrived'; retry += 1) {
    await sleep(250);
    complete = await user.call('POST', `/v1/uploads/${created.file.id}/complete`, { body: {} });
  }
  if (complete.status !== 200)
    throw new Error(`complete answered ${complete.status}: ${JSON.stringify(complete.body)}`);
}

/** Uploads a new file through the typed client until it is ready (at the root, or in `folderId`); answers its id. */
export async function uploadFile(
  user: ApiUser,
  bytes: Buffer,
  name = `${Math.random()}.bin`,
  folderId?: string,
): Promise<string> {
  const file = await user.client.upload(bytes, { name, folderId, contentType: 'application/octet-stream' });
  return file.id;
}

/** Uploads a new version of a file through the typed client until it is ready. */
export async function uploadVersion(user: ApiUser, fileId: string, bytes: Buffer): Promise<void> {
  await user.client.upload(bytes, { fileId, contentType: 'application/octet-stream' });
}
