import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { uniqueEmail } from '../../../services/internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../../services/internal/testing/test-platform';
import {
  MemoryResumeStore,
  ProblemError,
  StreamHubClient,
  type Progress,
  type TokenPair,
  type UploadResumeState,
} from '../src';

// Remembers the last state saved, so the test can see which parts were acknowledged.
class WatchedResumeStore extends MemoryResumeStore {
  last: UploadResumeState | undefined;
  override async set(key: string, state: UploadResumeState) {
    this.last = structuredClone(state);
    await super.set(key, state);
  }
}

const PASSWORD = 'correct horse battery staple';
const MiB = 1024 * 1024;

// Each client its own X-Forwarded-For: sign-ups and logins are rate limited per address.
function addressedFetch(): typeof fetch {
  const address = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set('x-forwarded-for', address);
    return fetch(request);
  };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('@streamhub/client against a running platform', () => {
  let app: TestPlatform;
  let directory: string;

  beforeAll(async () => {
    // Multipart from 1 MiB (parts stay 16 MiB), access tokens that end within the test.
    app = await startTestPlatform({
      env: { MULTIPART_THRESHOLD_BYTES: String(MiB), ACCESS_TOKEN_TTL_SECONDS: '2' },
    });
    directory = await mkdtemp(path.join(os.tmpdir(), 'streamhub-client-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await app?.stop();
  });

  async function signedUp(): Promise<{ client: StreamHubClient; stored: Array<TokenPair | null> }> {
    const stored: Array<TokenPair | null> = [];
    const client = new StreamHubClient({
      baseUrl: app.baseUrl,
      fetch: addressedFetch(),
      onTokens: (t) => void stored.push(t),
    });
    await client.signUp({ email: uniqueEmail('client'), password: PASSWORD });
    return { client, stored };
  }

  it('uploads small bytes with one PUT, reporting progress, and downloads the same bytes', async () => {
    const { client } = await signedUp();
    const bytes = randomBytes(300 * 1024);
    const seen: Progress[] = [];
    const file = await client.upload(bytes, { name: 'small.bin', onProgress: (p) => seen.push(p) });
    expect(file).toMatchObject({ name: 'small.bin', size: bytes.length, status: 'ready' });
    expect(seen.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length });
    expect(seen.length).toBeGreaterThan(1);

    const target = path.join(directory, 'small.bin');
    const downloaded: Progress[] = [];
    expect(await client.download(file.id, target, { onProgress: (p) => downloaded.push(p) })).toEqual({
      bytes: bytes.length,
    });
    expect(sha256(await readFile(target))).toBe(sha256(bytes));
    expect(downloaded.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length });
  });

  it('sends a large file in parallel parts, and after an interruption resumes without sending acknowledged parts again', async () => {
    const { client } = await signedUp();
    const bytes = randomBytes(40 * MiB); // 16 + 16 + 8 MiB
    const source = path.join(directory, 'large.bin');
    await writeFile(source, bytes);
    const resumeStore = new WatchedResumeStore();

    // Stop once the first part is acknowledged (its ETag is in the resume state).
    const interruption = new AbortController();
    const stopAfterFirstPart = async () => {
      while (Object.keys(resumeStore.last?.parts ?? {}).length === 0)
        await new Promise((resolve) => setTimeout(resolve, 5));
      interruption.abort();
    };
    const first = client.upload(source, {
      name: 'large.bin',
      resumeStore,
      partConcurrency: 1,
      signal: interruption.signal,
    });
    void stopAfterFirstPart();
    await expect(first).rejects.toThrow();
    const state = resumeStore.last;
    const acknowledged = Object.keys(state!.parts).length;
    expect(acknowledged).toBeGreaterThanOrEqual(1);
    expect(acknowledged).toBeLessThan(3);

    const resumedProgress: Progress[] = [];
    const file = await client.upload(source, {
      name: 'large.bin',
      resumeStore,
      onProgress: (p) => resumedProgress.push(p),
    });
    expect(file).toMatchObject({ id: state!.fileId, size: bytes.length, status: 'ready' });
    // The resumed call starts from what was acknowledged: those bytes were not sent again.
    expect(resumedProgress[0]!.loaded).toBeGreaterThanOrEqual(acknowledged * 16 * MiB - 1);

    const target = path.join(directory, 'large.copy');
    await client.download(file.id, target);
    expect(sha256(await readFile(target))).toBe(sha256(bytes));
  });

  it('renews an expired access token once for concurrent requests and stores the rotated pair', async () => {
    const { client, stored } = await signedUp();
    const before = client.tokens!;
    // Let the 2 s access token end (and drop the early-refresh hint so the server's 401 drives the refresh).
    (before as { accessTokenExpiresAt?: number }).accessTokenExpiresAt = undefined;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const profiles = await Promise.all([client.me(), client.me(), client.me()]);
    expect(new Set(profiles.map((profile) => profile.id)).size).toBe(1);
    const after = client.tokens!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // One sign-up pair and exactly one rotation: a second refresh of the spent token would have revoked the login.
    expect(stored.filter((pair) => pair !== null)).toHaveLength(2);
    expect(stored.at(-1)).toEqual(after);
  });

  it('turns problem documents into ProblemError with the stable code', async () => {
    const { client } = await signedUp();
    const error = await client
      .download('00000000-0000-4000-8000-000000000000', path.join(directory, 'none'))
      .catch((e) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 404, code: 'file_not_found' });
    const refused = await new StreamHubClient({ baseUrl: app.baseUrl, fetch: addressedFetch() })
      .login(uniqueEmail('nobody'), PASSWORD)
      .catch((e) => e);
    expect(refused).toMatchObject({ status: 401, code: 'invalid_credentials' });
  });

  it('ends the login when the refresh token is refused and reports it as a ProblemError', async () => {
    const { client, stored } = await signedUp();
    const spent = client.tokens!;
    await client.logout();
    expect(stored.at(-1)).toBeNull();
    const revived = new StreamHubClient({
      baseUrl: app.baseUrl,
      fetch: addressedFetch(),
      tokens: { ...spent, accessTokenExpiresAt: 0 },
    });
    await expect(revived.me()).rejects.toMatchObject({ status: 401 });
    expect(revived.tokens).toBeUndefined();
  });
});
