import { randomBytes, randomUUID } from 'node:crypto';
import knex from 'knex';
import { migrate } from '../internal/migrate';
import { requireTestEnv } from '../internal/testing/require-env';

// The constraints of files.shares and files.links (migration
// 20261130190000) hold in the database itself, not only in the code that
// will write them: one live share per item and address, addresses stored
// lower-cased, unique token hashes, downloads within the limit.
describe('files.shares and files.links', () => {
  const { DATABASE_URL } = requireTestEnv(['DATABASE_URL']);
  const admin = knex({ client: 'pg', connection: DATABASE_URL });
  const database = `streamhub_sharing_${randomUUID().replaceAll('-', '')}`;
  const url = new URL(DATABASE_URL);
  url.pathname = `/${database}`;
  const db = knex({ client: 'pg', connection: url.toString() });
  const owner = randomUUID();
  const fileId = randomUUID();

  beforeAll(async () => {
    await admin.raw(`CREATE DATABASE ${database}`);
    await migrate(db, 'latest');
    await db('files.files').insert({
      id: fileId,
      owner_id: owner,
      name: 'report.pdf',
      content_type: 'application/pdf',
      size: 10,
      status: 'ready',
    });
  });
  afterAll(async () => {
    await db.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
    await admin.destroy();
  });

  const share = (email: string, revokedAt: Date | null = null) =>
    db('files.shares').insert({
      id: randomUUID(),
      item_kind: 'file',
      item_id: fileId,
      owner_id: owner,
      grantee_email: email,
      role: 'viewer',
      revoked_at: revokedAt,
    });

  const link = (tokenHash: Buffer, fields: Record<string, unknown> = {}) =>
    db('files.links').insert({
      id: randomUUID(),
      file_id: fileId,
      owner_id: owner,
      token_hash: tokenHash,
      expires_at: new Date(Date.now() + 60_000),
      ...fields,
    });

  it('allows one live share per item and address, any number of revoked ones', async () => {
    await share('ann@example.com', new Date());
    await share('ann@example.com', new Date());
    await share('ann@example.com');
    await expect(share('ann@example.com')).rejects.toThrow(/shares_live_per_item_email/);
  });

  it('stores addresses lower-cased only', async () => {
    await expect(share('Bob@Example.com')).rejects.toThrow(/shares_email_lower_case/);
  });

  it('rejects a second link with the same token hash', async () => {
    const hash = randomBytes(32);
    await link(hash);
    await expect(link(hash)).rejects.toThrow(/links_token_hash_unique/);
  });

  it('keeps downloads within max_downloads', async () => {
    await expect(link(randomBytes(32), { max_downloads: 2, downloads: 3 })).rejects.toThrow(
      /links_downloads_within_limit/,
    );
  });

  it('drops both tables when rolled back', async () => {
    await migrate(db, 'rollback');
    const tables = await db.raw<{ rows: unknown[] }>(
      "SELECT 1 FROM pg_tables WHERE schemaname = 'files' AND tablename IN ('shares', 'links')",
    );
    expect(tables.rows).toHaveLength(0);
  });
});
