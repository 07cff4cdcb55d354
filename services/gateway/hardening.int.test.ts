import { connect } from 'node:net';
import knex, { type Knex } from 'knex';
import { signUpAdmin, signUpUser, uploadFile, type ApiUser } from '../internal/testing/api-users';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';

// Issue 14, against the real gateway, services and Postgres: what used to
// answer 500 now answers a 4xx problem with a stable code.
let app: TestPlatform;
let db: Knex;
let owner: ApiUser;
let admin: ApiUser;

beforeAll(async () => {
  app = await startTestPlatform();
  db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  owner = await signUpUser(app.baseUrl, 'hardening');
  admin = await signUpAdmin(app.baseUrl, db);
  // Real uploads, so the user's usage adds up (npm test ends with a zero-drift reconciliation).
  for (const size of [1, 2, 3]) await uploadFile(owner, Buffer.alloc(size, 7), `file-${size}.bin`);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await app?.stop();
});

/** The service's own (unsigned) cursor format, as a client could forge it before cursors were sealed. */
function rawFilesCursor(sort: string, value: string, id: string): string {
  return Buffer.from(JSON.stringify({ sort, value, id })).toString('base64url');
}

describe('a NUL character in the query string', () => {
  it.each([
    '/v1/files?q=%00',
    '/v1/files?q=a%00b',
    '/v1/shared-with-me?q=%00',
    '/v1/files?sharedWithMe=true&q=%00',
  ])('%s answers 400 invalid_argument', async (path) => {
    const response = await owner.call('GET', path);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_argument', errors: [{ field: 'query.q' }] });
  });

  it('in an admin search answers 400 invalid_argument', async () => {
    const response = await admin.call('GET', '/v1/admin/users?email=%00');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_argument' });
  });
});

describe('list cursors', () => {
  it('pages through a list with the cursors the gateway hands out', async () => {
    const first = await owner.call('GET', '/v1/files?sort=size&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((file: { size: number }) => file.size)).toEqual([1, 2]);
    const second = await owner.call('GET', `/v1/files?sort=size&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ items: [{ size: 3 }], nextCursor: null });
  });

  it('refuses a cursor made for another list', async () => {
    const files = await owner.call('GET', '/v1/files?limit=1');
    const recent = await owner.call('GET', `/v1/files/recent?limit=1&cursor=${files.body.nextCursor}`);
    expect(recent.status).toBe(400);
    expect(recent.body.code).toBe('invalid_cursor');
  });

  const id = '5f0c7a52-3b1e-4c8e-9a4d-2f6b8e1d7c90';
  it.each([
    ['a size that is not a number', '/v1/files?sort=size', rawFilesCursor('size', 'x', id)],
    ['a creation time that is not a time', '/v1/files?sort=createdAt', rawFilesCursor('createdAt', 'x', id)],
    ['an id that is not a UUID', '/v1/files?sort=name', rawFilesCursor('name', 'a', 'not-a-uuid')],
    ['a NUL byte', '/v1/files?sort=name', rawFilesCursor('name', 'a\u0000', id)],
    ['a raw NUL', '/v1/files', '%00'],
    ['a forged recent cursor', '/v1/files/recent?limit=1', rawFilesCursor('-recent', 'x', id)],
    ['a forged trash cursor', '/v1/trash?limit=1', rawFilesCursor('-createdAt', 'x', id)],
    ['a forged shared-with-me cursor', '/v1/shared-with-me?sort=size', rawFilesCursor('size', 'x', id)],
  ])('refuses %s with 400 invalid_cursor', async (_, path, cursor) => {
    const response = await owner.call('GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${cursor}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_cursor' });
  });

  it('refuses a tampered cursor', async () => {
    const { nextCursor } = (await owner.call('GET', '/v1/files?sort=size&limit=1')).body as {
      nextCursor: string;
    };
    const [, signature] = nextCursor.split('.');
    const tampered = `${Buffer.from(rawFilesCursor('size', 'x', id)).toString('base64url')}.${signature}`;
    const response = await owner.call('GET', `/v1/files?sort=size&cursor=${tampered}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_cursor');
  });

  it.each([
    ['/v1/admin/users', Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url')],
    ['/v1/admin/audit-log', Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', '1'])).toString('base64url')],
    ['/v1/admin/subscriptions', id],
  ])('refuses a forged cursor on %s', async (path, cursor) => {
    const response = await admin.call('GET', `${path}?cursor=${cursor}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_cursor');
  });

  it('pages the admin lists with sealed cursors', async () => {
    for (const path of ['/v1/admin/users', '/v1/admin/subscriptions', '/v1/admin/audit-log']) {
      const first = await admin.call('GET', `${path}?limit=1`);
      expect(first.status).toBe(200);
      if (first.body.nextCursor === null) continue;
      expect(first.body.nextCursor).toMatch(/^[\w-]+\.[\w-]+$/);
      const second = await admin.call('GET', `${path}?limit=1&cursor=${first.body.nextCursor}`);
      expect({ path, status: second.status }).toEqual({ path, status: 200 });
    }
  });
});

describe('other requests that answered 500', () => {
  it('a version number above int32 answers 400 invalid_argument', async () => {
    const files = await owner.call('GET', '/v1/files?limit=1');
    const response = await owner.call(
      'POST',
      `/v1/files/${files.body.items[0].id}/versions/2147483648/restore`,
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_argument', errors: [{ field: 'path.version' }] });
  });

  it('a gzip body that is not gzip answers 415 unsupported_encoding, without a token', async () => {
    const response = await fetch(`${app.baseUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: 'not gzip at all',
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { code: string }).code).toBe('unsupported_encoding');
  });

  it('oversized headers answer 431 problem+json headers_too_large', async () => {
    const port = Number(new URL(app.baseUrl).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.end(`GET /v1/plans HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      );
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(answer).toContain('"code":"headers_too_large"');
  });
});
