import { randomUUID } from 'node:crypto';
import { expectProblem } from './testing/expect-problem';
import { fileMessage, sessionMessage } from './testing/messages';
import { createTestGateway } from './testing/test-gateway';

// Issue 14: requests that used to answer 500 (or a bare non-problem answer),
// and the headers every answer carries.
const userId = randomUUID();
const fileId = '5f0c7a52-3b1e-4c8e-9a4d-2f6b8e1d7c90';

describe('requests that used to answer 500', () => {
  it.each(['gzip', 'deflate', 'br'])(
    'refuses a %s-encoded body with 415 unsupported_encoding, before authentication',
    async (encoding) => {
      const gateway = await createTestGateway();
      const response = await gateway.request('POST', '/v1/folders', {
        rawBody: 'this is not compressed',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      });
      expectProblem(response, { status: 415, code: 'unsupported_encoding' });
    },
  );

  it('accepts an identity Content-Encoding', async () => {
    const gateway = await createTestGateway();
    const response = await gateway.request('POST', '/v1/folders', {
      body: { name: 'a' },
      headers: { 'content-encoding': 'identity' },
    });
    expectProblem(response, { status: 401, code: 'unauthenticated' });
  });

  it('refuses a NUL character in the query string with 400 naming the field', async () => {
    const calls: unknown[] = [];
    const gateway = await createTestGateway({
      files: { listFiles: (request) => (calls.push(request), { files: [], nextCursor: '' }) },
    });
    const response = await gateway.request('GET', '/v1/files?q=%00', {
      token: await gateway.tokenFor(userId),
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['query.q'] });
    expect(calls).toEqual([]);
  });

  it('refuses a NUL character in a JSON body string with 400 naming the field', async () => {
    const gateway = await createTestGateway({ auth: {} });
    const response = await gateway.request('POST', '/v1/auth/signup', {
      body: { email: 'ada@example.test', password: 'long enough password', displayName: 'A\u0000da' },
    });
    expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['body.displayName'] });
  });

  it.each(['2147483648', '4294967296'])(
    'refuses version %s (above int32) with 400 invalid_argument',
    async (version) => {
      const gateway = await createTestGateway({ files: {} });
      const response = await gateway.request('POST', `/v1/files/${fileId}/versions/${version}/restore`, {
        token: await gateway.tokenFor(userId),
      });
      expectProblem(response, { status: 400, code: 'invalid_argument', fields: ['path.version'] });
    },
  );
});

describe('names with bidirectional control characters', () => {
  const BIDI = [
    0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
  ];
  it.each(BIDI.map((code) => [code.toString(16).toUpperCase().padStart(4, '0'), String.fromCodePoint(code)]))(
    'refuses U+%s in a folder name, a new file name and a rename',
    async (_, char) => {
      const gateway = await createTestGateway({ files: {} });
      const token = await gateway.tokenFor(userId);
      const name = `invoice${char}fdp.exe`;
      const folder = await gateway.request('POST', '/v1/folders', { token, body: { name } });
      expectProblem(folder, { status: 400, code: 'invalid_argument', fields: ['body.name'] });
      const upload = await gateway.request('POST', '/v1/uploads', {
        token,
        body: { name, size: 1, contentType: 'text/plain' },
      });
      expectProblem(upload, { status: 400, code: 'invalid_argument', fields: ['body.name'] });
      const rename = await gateway.request('PATCH', `/v1/files/${fileId}`, { token, body: { name } });
      expectProblem(rename, { status: 400, code: 'invalid_argument', fields: ['body.name'] });
    },
  );
});

describe('security headers', () => {
  it('sends nosniff, DENY and no-referrer on answers and errors alike', async () => {
    const gateway = await createTestGateway();
    for (const response of [
      await gateway.request('GET', '/healthz'),
      await gateway.request('GET', '/v1/nothing-here'),
      await gateway.request('GET', '/v1/files'),
    ]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('lets the docs page load its own scripts and styles only', async () => {
    const gateway = await createTestGateway();
    const response = await gateway.request('GET', '/docs');
    expect(response.status).toBe(200);
    const csp = response.headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('never lets a cache keep an answer that carries tokens', async () => {
    const gateway = await createTestGateway({
      auth: { logIn: () => ({ session: sessionMessage() }) },
    });
    const response = await gateway.request('POST', '/v1/auth/login', {
      body: { email: 'a@b.test', password: 'long enough password' },
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('keeps the cache lifetime a route chose for public data', async () => {
    const gateway = await createTestGateway();
    const response = await gateway.request('GET', '/docs/assets/swagger-ui.css');
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
  });
});

describe('OPTIONS', () => {
  it('answers 204 with Allow for a known path', async () => {
    const gateway = await createTestGateway();
    const response = await gateway.request('OPTIONS', '/v1/trash');
    expect(response.status).toBe(204);
    expect(response.headers.allow?.split(/,\s*/).sort()).toEqual(['DELETE', 'GET', 'HEAD']);
  });

  it('answers 404 problem+json for an unknown path', async () => {
    const gateway = await createTestGateway();
    expectProblem(await gateway.request('OPTIONS', '/v1/nothing-here'), { status: 404, code: 'not_found' });
  });
});

describe('/metrics', () => {
  it('is not served on the API port', async () => {
    const gateway = await createTestGateway();
    expectProblem(await gateway.request('GET', '/metrics'), { status: 404, code: 'not_found' });
  });
});

describe('list cursors', () => {
  function listingGateway(calls: string[]) {
    return createTestGateway({
      files: {
        listFiles: (request) => {
          calls.push(request.cursor);
          return { files: [fileMessage({ id: fileId })], nextCursor: 'service-cursor' };
        },
      },
    });
  }

  it('hands out an opaque cursor that the next request takes back', async () => {
    const calls: string[] = [];
    const gateway = await listingGateway(calls);
    const token = await gateway.tokenFor(userId);
    const first = await gateway.request('GET', '/v1/files', { token });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(first.body.nextCursor).not.toContain('service-cursor');
    const second = await gateway.request('GET', `/v1/files?cursor=${first.body.nextCursor}`, { token });
    expect(second.status).toBe(200);
    expect(calls).toEqual(['', 'service-cursor']);
  });

  it.each([
    ['a service cursor sent as is', 'service-cursor'],
    ['garbage', 'AAAA'],
    ['a NUL byte', '%00'],
  ])('refuses %s with 400 invalid_cursor before any service sees it', async (_, cursor) => {
    const calls: string[] = [];
    const gateway = await listingGateway(calls);
    const response = await gateway.request('GET', `/v1/files?cursor=${cursor}`, {
      token: await gateway.tokenFor(userId),
    });
    expectProblem(response, { status: 400, code: 'invalid_cursor' });
    expect(calls).toEqual([]);
  });

  it('refuses a cursor whose content was changed', async () => {
    const calls: string[] = [];
    const gateway = await listingGateway(calls);
    const token = await gateway.tokenFor(userId);
    const { nextCursor } = (await gateway.request('GET', '/v1/files', { token })).body as {
      nextCursor: string;
    };
    const [payload, signature] = nextCursor.split('.');
    const forged = `${Buffer.from('{"size":"x"}').toString('base64url')}.${signature}`;
    expect(payload).not.toBe(forged.split('.')[0]);
    const response = await gateway.request('GET', `/v1/files?cursor=${forged}`, { token });
    expectProblem(response, { status: 400, code: 'invalid_cursor' });
  });
});
