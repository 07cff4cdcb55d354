import { randomUUID } from 'node:crypto';
import { signUpUser, uploadFile, verifyEmail, type ApiUser } from '../../../internal/testing/api-users';
import { eventually } from '../../../internal/testing/eventually';
import { requireMailpit } from '../../../internal/testing/mailpit';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  subjectId: string;
  data?: Record<string, string>;
  createdAt: string;
  readAt: string | null;
}
interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
}

// The whole platform: a share made through the gateway goes through the
// files outbox and Kafka to the notifications service, and back out through
// the gateway's list.
describe('notifications through the HTTP API (real Postgres, Kafka, MinIO, Temporal, Mailpit)', () => {
  requireMailpit();
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const list = async (user: ApiUser, query = ''): Promise<NotificationPage> => {
    const response = await user.call('GET', `/v1/notifications${query}`);
    expect(response.status).toBe(200);
    return response.body as NotificationPage;
  };
  const waitFor = (user: ApiUser, kind: string, count = 1) =>
    eventually(async () => {
      const { items } = await list(user, '?limit=100');
      const found = items.filter((item) => item.kind === kind);
      return found.length >= count ? found : undefined;
    }, `${count} ${kind} notification(s)`);

  it('tells a verified grantee that a file was shared with them, and lists, filters and marks read', async () => {
    const owner = await signUpUser(app.baseUrl, 'owner');
    // The grantee is told who shared: the sharer's display name.
    expect((await owner.call('PATCH', '/v1/me', { body: { displayName: 'Ada Owner' } })).status).toBe(200);
    const grantee = await signUpUser(app.baseUrl, 'grantee');
    await verifyEmail(app.baseUrl, grantee);
    const fileId = await uploadFile(owner, Buffer.from('the quarterly numbers'), 'numbers.txt');
    // Whether files has seen the verification yet (the share reaches the account at once) or
    // not (the share waits and is claimed when it does), the grantee is told once.
    const shared = await owner.call('POST', `/v1/files/${fileId}/shares`, {
      body: { email: grantee.email, role: 'viewer' },
    });
    expect(shared.status).toBe(201);

    const [shareNotice] = await waitFor(grantee, 'share.created');
    expect(shareNotice).toEqual({
      id: expect.any(String),
      kind: 'share.created',
      title: 'File shared with you',
      body: 'Ada Owner shared the file “numbers.txt” with you as viewer.',
      subjectId: fileId,
      data: { itemKind: 'file', shareId: expect.any(String), role: 'viewer' },
      createdAt: expect.any(String),
      readAt: null,
    });
    // The owner hears of the upload; neither sees the other's notifications.
    const [ready] = await waitFor(owner, 'file.ready');
    expect(ready).toMatchObject({
      subjectId: fileId,
      body: '“numbers.txt” finished uploading and is ready.',
    });
    expect((await list(owner)).items.map((item) => item.kind)).not.toContain('share.created');

    // Another user's notification is not found, nor is an unknown one; neither changes anything.
    for (const [user, id] of [
      [owner, shareNotice!.id],
      [grantee, randomUUID()],
    ] as const) {
      const response = await user.call('POST', `/v1/notifications/${id}/read`);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('notification_not_found');
    }
    expect((await list(grantee, '?unread=true')).items.map((item) => item.id)).toContain(shareNotice!.id);

    // Read one: it leaves the unread filter, keeps its first read time when read again.
    expect((await grantee.call('POST', `/v1/notifications/${shareNotice!.id}/read`)).status).toBe(204);
    const read = (await list(grantee)).items.find((item) => item.id === shareNotice!.id)!;
    expect(read.readAt).toEqual(expect.any(String));
    expect((await grantee.call('POST', `/v1/notifications/${shareNotice!.id}/read`)).status).toBe(204);
    expect((await list(grantee)).items.find((item) => item.id === shareNotice!.id)!.readAt).toBe(read.readAt);
    expect((await list(grantee, '?unread=true')).items.map((item) => item.id)).not.toContain(shareNotice!.id);

    // A role change notifies again; read-all empties the unread list.
    await owner.call('POST', `/v1/files/${fileId}/shares`, {
      body: { email: grantee.email, role: 'editor' },
    });
    const [changed] = await waitFor(grantee, 'share.role_changed');
    expect(changed!.body).toBe('Ada Owner made you editor of the file “numbers.txt”.');
    expect((await list(grantee, '?unread=true')).items.length).toBeGreaterThan(0);
    expect((await grantee.call('POST', '/v1/notifications/read-all')).status).toBe(204);
    expect((await list(grantee, '?unread=true')).items).toEqual([]);
  });

  it('tells a grantee who verifies their address after the share was made', async () => {
    const owner = await signUpUser(app.baseUrl, 'early-owner');
    const grantee = await signUpUser(app.baseUrl, 'late-grantee');
    const folder = await owner.call('POST', '/v1/folders', { body: { name: 'Plans' } });
    expect(folder.status).toBe(201);
    const shared = await owner.call('POST', `/v1/folders/${folder.body.id}/shares`, {
      body: { email: grantee.email, role: 'editor' },
    });
    expect(shared.status).toBe(201);
    // Not verified: the share reaches nobody yet, so nobody is told.
    expect((await list(grantee)).items.filter((item) => item.kind === 'share.created')).toEqual([]);

    await verifyEmail(app.baseUrl, grantee);
    const [notice] = await waitFor(grantee, 'share.created');
    expect(notice).toMatchObject({
      title: 'Folder shared with you',
      // Without a display name of their own choosing, the one sign-up gave (the address's local part).
      body: `${owner.email.split('@')[0]} shared the folder “Plans” with you as editor.`,
      subjectId: folder.body.id,
      data: { itemKind: 'folder', shareId: shared.body.id, role: 'editor' },
    });
  });

  it('pages newest first with a cursor that skips and repeats nothing', async () => {
    const owner = await signUpUser(app.baseUrl, 'pager');
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await uploadFile(owner, Buffer.from(name), name);
    const all = await waitFor(owner, 'file.ready', 3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: NotificationPage = await list(
        owner,
        `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    const newestFirst = (await list(owner)).items;
    expect(seen).toEqual(newestFirst.map((item) => item.id));
    expect(seen).toHaveLength(newestFirst.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.length).toBe(3);
    expect((await owner.call('GET', '/v1/notifications?cursor=forged')).status).toBe(400);
    expect((await owner.call('GET', '/v1/notifications?limit=101')).status).toBe(400);
  });

  it('sets a channel notification level for members only', async () => {
    const alice = await signUpUser(app.baseUrl, 'alice');
    const bob = await signUpUser(app.baseUrl, 'bob');
    const carol = await signUpUser(app.baseUrl, 'carol');
    const created = await alice.call('POST', '/v1/channels', {
      body: { type: 'direct', memberIds: [bob.id] },
    });
    expect(created.status).toBe(201);
    const channelId = created.body.id as string;

    expect((await bob.call('GET', `/v1/channels/${channelId}/notification-level`)).body).toEqual({
      level: 'mentions',
    });
    const set = await bob.call('PUT', `/v1/channels/${channelId}/notification-level`, {
      body: { level: 'all' },
    });
    expect(set.status).toBe(204);
    expect((await bob.call('GET', `/v1/channels/${channelId}/notification-level`)).body).toEqual({
      level: 'all',
    });
    // Alice's level is her own.
    expect((await alice.call('GET', `/v1/channels/${channelId}/notification-level`)).body).toEqual({
      level: 'mentions',
    });

    // Not a member, or no such channel: the same 404 as the channel itself.
    for (const id of [channelId, randomUUID()]) {
      for (const [method, body] of [
        ['PUT', { level: 'none' }],
        ['GET', undefined],
      ] as const) {
        const response = await carol.call(method, `/v1/channels/${id}/notification-level`, { body });
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('channel_not_found');
      }
    }
    const invalid = await bob.call('PUT', `/v1/channels/${channelId}/notification-level`, {
      body: { level: 'loud' },
    });
    expect(invalid.status).toBe(400);
  });
});
