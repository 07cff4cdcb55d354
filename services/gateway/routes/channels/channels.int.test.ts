import { randomUUID } from 'node:crypto';
import { signUpUser, uploadFile, verifyEmail } from '../../../internal/testing/api-users';
import { eventually } from '../../../internal/testing/eventually';
import { requireMailpit } from '../../../internal/testing/mailpit';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

const BYTES = Buffer.from('the minutes of the meeting');

// The whole platform: channels, messages and attachments through the REST
// API, the attachment's bytes fetched from MinIO with the presigned URL.
describe('messaging through the HTTP API (real Postgres, Kafka, MinIO, Temporal, Mailpit)', () => {
  requireMailpit();
  let app: TestPlatform;
  beforeAll(async () => {
    app = await startTestPlatform();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('creates a direct channel once per pair: 201, then 200 with the same channel from either side', async () => {
    const a = await signUpUser(app.baseUrl, 'a');
    const b = await signUpUser(app.baseUrl, 'b');
    const first = await a.call('POST', '/v1/channels', { body: { type: 'direct', memberIds: [b.id] } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ type: 'direct', name: null, lastSeq: 1 });
    const again = await b.call('POST', '/v1/channels', { body: { type: 'direct', memberIds: [a.id] } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const unknown = await a.call('POST', '/v1/channels', {
      body: { type: 'direct', memberIds: [randomUUID()] },
    });
    expect(unknown.status).toBe(400);
  });

  it("lists each channel with the caller's own notification level (mentions until set)", async () => {
    const a = await signUpUser(app.baseUrl, 'a');
    const b = await signUpUser(app.baseUrl, 'b');
    const channelIds: string[] = [];
    for (const name of ['quiet', 'loud', 'untouched']) {
      const created = await a.call('POST', '/v1/channels', {
        body: { type: 'group', name, memberIds: [b.id] },
      });
      expect(created.status).toBe(201);
      channelIds.push(created.body.id);
    }
    const [quiet, loud, untouched] = channelIds;
    const setLevel = async (user: typeof a, channelId: string, level: string) =>
      expect(
        (await user.call('PUT', `/v1/channels/${channelId}/notification-level`, { body: { level } })).status,
      ).toBe(204);
    await setLevel(a, quiet!, 'none');
    await setLevel(a, loud!, 'all');
    await setLevel(b, untouched!, 'all');
    const levelsOf = async (user: typeof a) =>
      Object.fromEntries(
        (
          (await user.call('GET', '/v1/channels')).body.items as Array<{
            id: string;
            notificationLevel: string;
          }>
        )
          .filter((item) => channelIds.includes(item.id))
          .map((item) => [item.id, item.notificationLevel]),
      );
    // Each member's own levels: b's setting is not a's, and an unset channel is mentions.
    expect(await levelsOf(a)).toEqual({ [quiet!]: 'none', [loud!]: 'all', [untouched!]: 'mentions' });
    expect(await levelsOf(b)).toEqual({ [quiet!]: 'mentions', [loud!]: 'mentions', [untouched!]: 'all' });
  });

  it('posts, lists with unread counts, marks read, pages history and catches up over REST', async () => {
    const a = await signUpUser(app.baseUrl, 'a');
    const b = await signUpUser(app.baseUrl, 'b');
    const created = await a.call('POST', '/v1/channels', {
      body: { type: 'group', name: 'Team', memberIds: [b.id] },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const posted = await a.call('POST', `/v1/channels/${id}/messages`, {
        body: { body: `m${i} @${b.id}` },
      });
      expect(posted.status).toBe(201);
      expect(posted.body).toMatchObject({ body: `m${i} @${b.id}`, mentionedUserIds: [b.id], deleted: false });
      ids.push(posted.body.id);
    }
    const clientMessageId = randomUUID();
    const once = await b.call('POST', `/v1/channels/${id}/messages`, {
      body: { body: 'retry me', clientMessageId },
    });
    const twice = await b.call('POST', `/v1/channels/${id}/messages`, {
      body: { body: 'retry me', clientMessageId },
    });
    expect([once.status, twice.status]).toEqual([201, 200]);
    expect(twice.body.id).toBe(once.body.id);

    const listed = await b.call('GET', '/v1/channels');
    const mine = listed.body.items.find((item: { id: string }) => item.id === id);
    expect(mine).toMatchObject({ unreadCount: 5, readSeq: 0, lastMessage: { id: once.body.id } });
    expect(listed.body.items[0].id).toBe(id);

    expect((await b.call('POST', `/v1/channels/${id}/read`, { body: { messageId: ids[2] } })).status).toBe(
      204,
    );
    // Backwards changes nothing.
    expect((await b.call('POST', `/v1/channels/${id}/read`, { body: { messageId: ids[0] } })).status).toBe(
      204,
    );
    const after = (await b.call('GET', '/v1/channels')).body.items.find(
      (item: { id: string }) => item.id === id,
    );
    expect(after.unreadCount).toBe(2);

    const page1 = await b.call('GET', `/v1/channels/${id}/messages?limit=4`);
    expect(page1.body.items.map((m: { id: string }) => m.id)).toEqual([once.body.id, ids[4], ids[3], ids[2]]);
    const page2 = await b.call(
      'GET',
      `/v1/channels/${id}/messages?limit=4&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
    );
    expect(page2.body).toEqual({
      items: [expect.objectContaining({ id: ids[1] }), expect.objectContaining({ id: ids[0] })],
      nextCursor: null,
    });

    // A message id as `before` pages the same way.
    const before = await b.call('GET', `/v1/channels/${id}/messages?limit=1&before=${ids[2]}`);
    expect(before.body.items.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
    expect((await b.call('GET', `/v1/channels/${id}/messages?cursor=forged`)).body.code).toBe(
      'invalid_cursor',
    );

    const edited = await a.call('PATCH', `/v1/channels/${id}/messages/${ids[0]}`, {
      body: { body: 'changed' },
    });
    expect(edited.body).toMatchObject({ body: 'changed', editedAt: expect.any(String) });
    expect(
      (await b.call('PATCH', `/v1/channels/${id}/messages/${ids[0]}`, { body: { body: 'no' } })).status,
    ).toBe(403);
    expect((await a.call('DELETE', `/v1/channels/${id}/messages/${ids[1]}`)).status).toBe(204);

    // Catch-up after seq 6 (creation 1, posts 2-6): the retry post, two reads... each once, in order.
    const events = await b.call('GET', `/v1/channels/${id}/events?afterSeq=6`);
    expect(events.status).toBe(200);
    expect(events.body.items.map((e: { type: string; seq: number }) => [e.type, e.seq])).toEqual([
      ['message.created', 7],
      ['channel.read', 8],
      ['message.updated', 9],
      ['message.deleted', 10],
    ]);
    expect(events.body.more).toBe(false);
    expect(events.body.items[3].data.message).toMatchObject({ id: ids[1], body: null, deleted: true });
  });

  it('answers 404 channel_not_found to a non-member on every channel route', async () => {
    const a = await signUpUser(app.baseUrl, 'a');
    const b = await signUpUser(app.baseUrl, 'b');
    const outsider = await signUpUser(app.baseUrl, 'outsider');
    const id = (
      await a.call('POST', '/v1/channels', { body: { type: 'group', name: 'x', memberIds: [b.id] } })
    ).body.id as string;
    const messageId = (await a.call('POST', `/v1/channels/${id}/messages`, { body: { body: 'secret' } })).body
      .id;
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/v1/channels/${id}`],
      ['POST', `/v1/channels/${id}/members`, { memberIds: [outsider.id] }],
      ['DELETE', `/v1/channels/${id}/members/${a.id}`],
      ['GET', `/v1/channels/${id}/messages`],
      ['POST', `/v1/channels/${id}/messages`, { body: 'hi' }],
      ['PATCH', `/v1/channels/${id}/messages/${messageId}`, { body: 'x' }],
      ['DELETE', `/v1/channels/${id}/messages/${messageId}`],
      ['POST', `/v1/channels/${id}/read`, { messageId }],
      ['GET', `/v1/channels/${id}/events?afterSeq=0`],
      ['GET', `/v1/channels/${id}/messages/${messageId}/attachments/${randomUUID()}/download`],
    ];
    for (const [method, path, body] of calls) {
      const response = await outsider.call(method, path, body === undefined ? {} : { body });
      expect({ method, path, status: response.status, code: response.body.code }).toEqual({
        method,
        path,
        status: 404,
        code: 'channel_not_found',
      });
    }
    const listed = await outsider.call('GET', '/v1/channels');
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
  });

  it('attaches only files the sender may download; members download the bytes through the presigned URL', async () => {
    const sender = await signUpUser(app.baseUrl, 'sender');
    const member = await signUpUser(app.baseUrl, 'member');
    const stranger = await signUpUser(app.baseUrl, 'stranger');
    const fileId = await uploadFile(sender, BYTES, 'minutes.txt');
    const strangersFile = await uploadFile(stranger, BYTES, 'theirs.txt');
    const id = (
      await sender.call('POST', '/v1/channels', { body: { type: 'direct', memberIds: [member.id] } })
    ).body.id as string;

    // Another user's file: 404 file_not_found, as for a file that does not exist; nothing posted.
    const refused = await sender.call('POST', `/v1/channels/${id}/messages`, {
      body: { body: 'look', attachmentFileIds: [strangersFile] },
    });
    expect([refused.status, refused.body.code]).toEqual([404, 'file_not_found']);
    expect((await sender.call('GET', `/v1/channels/${id}/messages`)).body.items).toEqual([]);
    const tooMany = await sender.call('POST', `/v1/channels/${id}/messages`, {
      body: { body: 'many', attachmentFileIds: Array.from({ length: 11 }, () => randomUUID()) },
    });
    expect(tooMany.status).toBe(400);

    const posted = await sender.call('POST', `/v1/channels/${id}/messages`, {
      body: { body: 'the minutes', attachmentFileIds: [fileId] },
    });
    expect(posted.status).toBe(201);
    expect(posted.body.attachments).toEqual([
      { fileId, name: 'minutes.txt', size: BYTES.length, contentType: 'application/octet-stream' },
    ]);
    const path = `/v1/channels/${id}/messages/${posted.body.id}/attachments/${fileId}/download`;
    const redirect = await member.call('GET', path);
    expect(redirect.status).toBe(302);
    const json = await member.call('GET', `${path}?redirect=false`);
    expect(json.body).toEqual({ url: expect.any(String), expiresAt: expect.any(String) });
    const bytes = Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
    expect(bytes.equals(BYTES)).toBe(true);
    // The member has no access to the file itself, only through the message.
    expect((await member.call('GET', `/v1/files/${fileId}/download`)).status).toBe(404);
    // A file id the message does not carry; a stranger.
    const other = await member.call(
      'GET',
      `/v1/channels/${id}/messages/${posted.body.id}/attachments/${strangersFile}/download`,
    );
    expect([other.status, other.body.code]).toEqual([404, 'attachment_not_found']);
    expect((await stranger.call('GET', path)).body.code).toBe('channel_not_found');

    // Once the message is deleted, its attachment is gone for the channel.
    expect((await sender.call('DELETE', `/v1/channels/${id}/messages/${posted.body.id}`)).status).toBe(204);
    expect((await member.call('GET', path)).body.code).toBe('attachment_not_found');
  });

  it('attaches a file shared with the sender; members download it as its owner, until the owner trashes it', async () => {
    const owner = await signUpUser(app.baseUrl, 'owner');
    const sender = await signUpUser(app.baseUrl, 'viewer');
    const member = await signUpUser(app.baseUrl, 'member');
    const fileId = await uploadFile(owner, BYTES, 'shared.txt');
    await verifyEmail(app.baseUrl, sender);
    const share = await owner.call('POST', `/v1/files/${fileId}/shares`, {
      body: { email: sender.email, role: 'viewer' },
    });
    expect(share.status).toBe(201);
    await eventually(
      async () => ((await sender.call('GET', `/v1/files/${fileId}`)).status === 200 ? true : undefined),
      'the share reaching the verified viewer',
    );
    const id = (
      await sender.call('POST', '/v1/channels', { body: { type: 'direct', memberIds: [member.id] } })
    ).body.id as string;
    const posted = await sender.call('POST', `/v1/channels/${id}/messages`, {
      body: { body: 'from the owner', attachmentFileIds: [fileId] },
    });
    expect(posted.status).toBe(201);
    const path = `/v1/channels/${id}/messages/${posted.body.id}/attachments/${fileId}/download`;
    const redirect = await member.call('GET', path);
    expect(redirect.status).toBe(302);
    const bytes = Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
    expect(bytes.equals(BYTES)).toBe(true);
    // The owner trashes the file: gone for the channel too.
    expect((await owner.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);
    const gone = await member.call('GET', path);
    expect([gone.status, gone.body.code]).toEqual([404, 'file_not_found']);
  });
});
