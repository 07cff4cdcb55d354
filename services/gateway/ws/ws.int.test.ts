import { randomBytes } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import knex from 'knex';
import WebSocket from 'ws';
import { signUpAdmin, uploadFile, verifyEmail } from '../../internal/testing/api-users';
import { requireTestEnv } from '../../internal/testing/require-env';
import {
  ISOLATION_ENV,
  SERVER_ENV,
  startTestPlatform,
  type TestPlatform,
} from '../../internal/testing/test-platform';
import { CLOSE } from './close-codes';
import { MainProcess } from '../../internal/testing/main-process';
import { TestSocket } from '../../internal/testing/test-socket';
import {
  chatClient,
  groupChannel,
  postMessages,
  wsUser,
  type ChatClient,
  type WsUser,
} from './testing/ws-fixture';

// Short-lived tokens so expiry (4002) is observable; each test logs in right before it connects.
const TOKEN_TTL_SECONDS = 30;
const WS_ENV = {
  ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
  WS_HEARTBEAT_SECONDS: '1',
  WS_MAX_BUFFERED_BYTES: String(256 * 1024),
  WS_RATE_PER_SECOND: '20',
  WS_RATE_BURST: '40',
};

// The services run in this process; two gateway-only processes serve the
// sockets, so a member on either gets every message (docs/messaging.md#websocket).
describe('WebSocket /v1/ws across two gateway processes', () => {
  const env = requireTestEnv([...SERVER_ENV, ...ISOLATION_ENV]);
  const db = knex({ client: 'pg', connection: env.DATABASE_URL });
  let platform: TestPlatform;
  let chat: ChatClient;
  const gateways = [
    new MainProcess('gateway', { ...env, ...WS_ENV }),
    new MainProcess('gateway', { ...env, ...WS_ENV }),
  ];
  const [one, two] = gateways as [MainProcess, MainProcess];
  const sockets: TestSocket[] = [];
  const track = (socket: TestSocket) => (sockets.push(socket), socket);
  const connect = async (gateway: MainProcess, user: WsUser) =>
    track(await TestSocket.ready(gateway.baseUrl, await user.login()));

  beforeAll(async () => {
    platform = await startTestPlatform({ env: WS_ENV });
    chat = chatClient(platform.grpcPort);
    await Promise.all(gateways.map((gateway) => gateway.start(platform.grpcPort)));
  }, 90_000);

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await platform?.stop();
    await db.destroy();
  });

  it('pushes messages live between users on different gateways, and nothing to non-members', async () => {
    const [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((name) => wsUser(platform.baseUrl, name)),
    );
    const channelId = await groupChannel(chat, alice!.id, [bob!.id]);
    const aliceSocket = await connect(one, alice!);
    const bobSocket = await connect(two, bob!);
    const carolSocket = await connect(two, carol!);

    const [fromAlice] = await postMessages(chat, alice!.id, channelId, 1, () => 'hello bob');
    const received = await bobSocket.next(
      (frame) => frame.type === 'message.created' && frame.seq === fromAlice,
    );
    expect(received).toMatchObject({ channelId, data: { body: 'hello bob', senderId: alice!.id } });
    const [fromBob] = await postMessages(chat, bob!.id, channelId, 1, () => 'hello alice');
    await aliceSocket.next((frame) => frame.type === 'message.created' && frame.seq === fromBob);
    // The sender's own other sockets see it too: alice got her own first message.
    expect(aliceSocket.of('message.created', channelId).map((frame) => frame.seq)).toEqual([
      fromAlice,
      fromBob,
    ]);

    // Typing reaches the other member on the other gateway, never the typist.
    aliceSocket.send({ type: 'typing', channelId });
    await bobSocket.next((frame) => frame.type === 'typing' && frame.data.userId === alice!.id);
    // Carol is no member: typing and resume there are refused, and she got nothing.
    carolSocket.send({ type: 'typing', channelId });
    carolSocket.send({ type: 'resume', channels: { [channelId]: 0 } });
    await carolSocket.count((frame) => frame.type === 'error' && frame.data.code === 'channel_not_found', 2);
    await sleep(300);
    expect(
      carolSocket.frames.filter((frame) => frame.channelId === channelId && frame.type !== 'error'),
    ).toEqual([]);
    expect(aliceSocket.of('typing')).toEqual([]);
  });

  it('pushes a share notification live, and it is in the list too', async () => {
    const [owner, grantee] = await Promise.all(
      ['owner', 'grantee'].map((name) => wsUser(platform.baseUrl, name)),
    );
    // A share reaches an account once its address is verified (docs/authorization.md).
    await verifyEmail(platform.baseUrl, grantee!);
    const fileId = await uploadFile(owner!, Buffer.from('for the grantee'), 'shared-live.txt');
    const granteeSocket = await connect(two, grantee!);
    // The files service learns of the verification through Kafka before the share can reach the grantee.
    await eventually(async () => {
      const shared = await owner!.call('POST', `/v1/files/${fileId}/shares`, {
        body: { email: grantee!.email, role: 'viewer' },
      });
      expect(shared.status).toBe(201);
      return (await grantee!.call('GET', `/v1/files/${fileId}`)).status === 200;
    }, 30_000);
    const live = await granteeSocket.next(
      (frame) => frame.type === 'notification.created' && frame.data.kind === 'share.created',
      30_000,
    );
    const listed = await grantee!.call('GET', '/v1/notifications');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(live.data.id);
  });

  it('tells members who is online and who left, across gateways', async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map((name) => wsUser(platform.baseUrl, name)));
    await groupChannel(chat, alice!.id, [bob!.id]);
    const aliceSocket = await connect(one, alice!);
    const bobSocket = await connect(two, bob!);
    // Bob arrives after alice: he is told she is online; she is told he came.
    await bobSocket.next((frame) => frame.type === 'presence' && frame.data.userId === alice!.id);
    await aliceSocket.next(
      (frame) => frame.type === 'presence' && frame.data.userId === bob!.id && frame.data.status === 'online',
    );
    await aliceSocket.close();
    await bobSocket.next(
      (frame) =>
        frame.type === 'presence' && frame.data.userId === alice!.id && frame.data.status === 'offline',
    );
  });

  it('replays what a reconnecting client missed, then live, with nothing lost or duplicated', async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map((name) => wsUser(platform.baseUrl, name)));
    const channelId = await groupChannel(chat, alice!.id, [bob!.id]);
    const first = await connect(two, bob!);
    await postMessages(chat, alice!.id, channelId, 5);
    const seen = await first.count((frame) => frame.channelId === channelId, 5);
    const lastSeq = Math.max(...seen.map((frame) => frame.seq!));
    await first.close();

    // Missed while away, and more posted while the resume runs.
    await postMessages(chat, alice!.id, channelId, 30);
    const during = postMessages(chat, alice!.id, channelId, 30);
    const again = await connect(one, bob!);
    again.send({ type: 'resume', channels: { [channelId]: lastSeq } });
    const newest = Math.max(...(await during));
    await again.next((frame) => frame.channelId === channelId && frame.seq === newest, 20_000);
    await sleep(500); // a late duplicate would arrive now
    const seqs = again.frames.filter((frame) => frame.channelId === channelId).map((frame) => frame.seq!);
    const expected = Array.from({ length: newest - lastSeq }, (_, index) => lastSeq + 1 + index);
    expect(seqs).toEqual(expected);
  });

  it('closes an oversized frame with 1009 and a flooding client with 4008', async () => {
    const user = await wsUser(platform.baseUrl, 'limits');
    const big = await connect(one, user);
    big.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(20 * 1024) }));
    expect((await big.closed).code).toBe(CLOSE.tooBig);

    const flood = await connect(two, user);
    for (let index = 0; index < 200; index++) flood.send({ type: 'ping' });
    expect((await flood.closed).code).toBe(CLOSE.rateLimited);
    // Within the budget, pings are answered.
    const calm = await connect(one, user);
    for (let index = 0; index < 10; index++) calm.send({ type: 'ping' });
    await calm.count((frame) => frame.type === 'pong', 10);
  });

  it('drops a client that never reads (4009) and keeps the gateway heap bounded', async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map((name) => wsUser(platform.baseUrl, name)));
    const channelId = await groupChannel(chat, alice!.id, [bob!.id]);
    // A gateway whose heartbeat is slow: else the unanswered pings drop the client first.
    const patient = new MainProcess('gateway', { ...env, ...WS_ENV, WS_HEARTBEAT_SECONDS: '300' });
    await patient.start(platform.grpcPort);
    // A raw client that upgrades and never reads a byte: the kernel buffers fill, then the gateway's queue grows.
    const slow = neverReadingSocket(patient.baseUrl, await bob!.login());
    await eventually(async () => (await patient.metric('streamhub_ws_connections')) === 1);
    const reading = await connect(two, bob!);
    // As a real client does, it re-authenticates before its token (30 s here)
    // expires: on a loaded machine the posts below can outlast one token, and
    // a 4002 close would cut the count short.
    const renew = setInterval(
      () =>
        void bob!
          .login()
          .then((token) => reading.send({ type: 'auth', token }))
          .catch(() => undefined),
      (TOKEN_TTL_SECONDS - 10) * 1000,
    );
    const heapBefore = await patient.metric('streamhub_nodejs_heap_size_used_bytes');
    // 4000 four-byte characters: 16 KiB a frame, so a few MiB pass before the token expires.
    const body = '\u{1F600}'.repeat(4000);
    const posting = Array.from({ length: 8 }, () =>
      postMessages(chat, alice!.id, channelId, 100, () => body),
    );
    try {
      await eventually(async () => (await patient.metric('streamhub_ws_closed_total', 'code="4009"')) === 1);
      await Promise.all(posting);
      // The reading socket of the same user got everything; the gateway freed the slow one.
      await reading.count((frame) => frame.channelId === channelId, 800, 60_000);
      expect(await patient.metric('streamhub_ws_connections')).toBe(0);
      const heapAfter = await patient.metric('streamhub_nodejs_heap_size_used_bytes');
      expect(heapAfter - heapBefore).toBeLessThan(64 * 1024 * 1024);
    } finally {
      clearInterval(renew);
      slow.destroy();
      await patient.stop();
    }
  }, 120_000);

  it('refuses a token in the URL (4400) and never logs the query string', async () => {
    const user = await wsUser(platform.baseUrl, 'url');
    const token = await user.login();
    const socket = track(await TestSocket.open(one.baseUrl, { path: `/v1/ws?access_token=${token}` }));
    expect((await socket.closed).code).toBe(CLOSE.tokenInUrl);
    expect(one.log).not.toContain(token);
    expect(one.log).not.toContain('access_token');
  });

  it('authenticates by first frame, and refuses a missing or bad token with 4001', async () => {
    const user = await wsUser(platform.baseUrl, 'first-frame');
    const socket = track(await TestSocket.open(two.baseUrl));
    socket.send({ type: 'auth', token: await user.login() });
    await socket.next((frame) => frame.type === 'ready' && frame.data.userId === user.id);

    const bad = track(await TestSocket.open(two.baseUrl));
    bad.send({ type: 'auth', token: 'not-a-token' });
    expect((await bad.closed).code).toBe(CLOSE.unauthenticated);
    const silent = track(await TestSocket.open(two.baseUrl));
    const started = Date.now();
    expect((await silent.closed).code).toBe(CLOSE.unauthenticated);
    expect(Date.now() - started).toBeGreaterThan(4_000);
  });

  it('closes with 4002 when the token expires, and a re-auth before then keeps the socket', async () => {
    const user = await wsUser(platform.baseUrl, 'expiry');
    const expiring = await connect(one, user);
    const renewed = await connect(two, user);
    await sleep((TOKEN_TTL_SECONDS - 4) * 1000);
    renewed.send({ type: 'auth', token: await user.login() });
    await renewed.count((frame) => frame.type === 'ready', 2);
    expect((await expiring.closed).code).toBe(CLOSE.tokenExpired);
    await sleep(4_000);
    expect(renewed.ws.readyState).toBe(WebSocket.OPEN);
  }, 60_000);

  it('closes a revoked session’s sockets with 4003 within a second', async () => {
    const admin = await signUpAdmin(platform.baseUrl, db);
    const user = await wsUser(platform.baseUrl, 'revoked');
    const [onOne, onTwo] = [await connect(one, user), await connect(two, user)];
    const patched = await admin.call('PATCH', `/v1/admin/users/${user.id}`, { body: { disabled: true } });
    expect(patched.status).toBe(200);
    const revokedAt = Date.now();
    const closes = await Promise.all([onOne.closed, onTwo.closed]);
    expect(closes.map((close) => close.code)).toEqual([CLOSE.sessionRevoked, CLOSE.sessionRevoked]);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
  });

  it('closes every socket with 1012 when the gateway stops', async () => {
    const user = await wsUser(platform.baseUrl, 'shutdown');
    const extra = new MainProcess('gateway', { ...env, ...WS_ENV });
    await extra.start(platform.grpcPort);
    const socket = await TestSocket.ready(extra.baseUrl, await user.login());
    await extra.stop();
    expect(await socket.closed).toEqual({ code: CLOSE.serviceRestart, reason: 'service restart, reconnect' });
  });
});

function neverReadingSocket(baseUrl: string, token: string): Socket {
  const { hostname, port } = new URL(baseUrl);
  const socket = connectTcp(Number(port), hostname);
  socket.pause();
  socket.write(
    [
      'GET /v1/ws HTTP/1.1',
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Protocol: streamhub.v1, bearer.${token}`,
      '',
      '',
    ].join('\r\n'),
  );
  return socket;
}

async function eventually(probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(100);
  }
}
