// The WebSocket load generator of the ws-fanout row: a process of its own
// (forked by bench/ws-fanout.ts, never inside the app's process), driven by
// IPC commands one at a time, each answered with one result message:
// - setup: signs users up (each from its own X-Forwarded-For) and makes
//   `channels` group channels of `members` users through the REST API;
// - connect: one authenticated socket per user, waits for every `ready`;
// - fanout: posts at `rate` messages/s for `durationS` (REST, spread over the
//   channels, the sender rotating among the members) and measures, per
//   message, the time from the POST's answer to its receipt by the LAST
//   member socket (0 when every member had it before the answer);
// - open: `count` more idle authenticated sockets (the capacity phase),
//   rotating over tokens and loopback source addresses (one address has
//   only ~28,000 ephemeral ports towards one server port);
// - close: closes every socket.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

export type Command =
  | { cmd: 'setup'; baseUrl: string; channels: number; members: number; concurrency: number }
  | { cmd: 'connect'; baseUrl: string }
  | { cmd: 'fanout'; baseUrl: string; rate: number; durationS: number; drainMs: number }
  | { cmd: 'open'; baseUrl: string; tokens: string[]; count: number; sourceAddresses: number }
  | { cmd: 'close' };

export interface FanoutResult {
  posted: number;
  postFailed: number;
  firstPostError?: string;
  /** Messages some member never received within the drain time. */
  incomplete: number;
  /** Per message: POST answer → receipt by the last member (ms). */
  latenciesMs: number[];
  /** Messages actually sent per second (the schedule may fall behind). */
  achievedRate: number;
  /** Ticks at which the in-flight cap held posts back. */
  throttledTicks: number;
}

interface Member {
  id: string;
  token: string;
  ip: string;
  socket?: WebSocket;
}

interface Channel {
  id: string;
  members: Member[];
}

const PASSWORD = 'correct horse battery staple';
const TICK_MS = 5;
const MAX_IN_FLIGHT = 512;

const users: Member[] = [];
const channels: Channel[] = [];
const idleSockets: WebSocket[] = [];
/** messageId → arrivals so far, the last arrival time and the POST answer's time. */
const tracking = new Map<string, { arrivals: number; lastAt: number; answeredAt?: number }>();

async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

async function call<T>(
  baseUrl: string,
  member: Pick<Member, 'ip'> & { token?: string },
  method: string,
  path: string,
  body?: unknown,
) {
  const headers: Record<string, string> = { 'x-forwarded-for': member.ip };
  if (member.token) headers.authorization = `Bearer ${member.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, text };
}

// The fan-out's posts go through node:http on kept-alive connections, not
// fetch: a cheaper client per request leaves more of the shared cores to the app.
const postAgent = new http.Agent({ keepAlive: true, maxSockets: 128 });

function postJson(
  baseUrl: string,
  member: Member,
  path: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${baseUrl}${path}`,
      {
        method: 'POST',
        agent: postAgent,
        headers: {
          'x-forwarded-for': member.ip,
          authorization: `Bearer ${member.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function setup(command: Extract<Command, { cmd: 'setup' }>) {
  const total = command.channels * command.members;
  const emailPrefix = `bench-ws-${Date.now().toString(36)}-`;
  await pool(total, command.concurrency, async (index) => {
    const ip = `10.${1 + (index >> 8)}.${index & 255}.${1 + (index % 7)}`;
    const signup = await call<{ accessToken: string; user: { id: string } }>(
      command.baseUrl,
      { ip },
      'POST',
      '/v1/auth/signup',
      {
        email: `${emailPrefix}${index}@example.com`,
        password: PASSWORD,
      },
    );
    if (signup.status !== 201)
      throw new Error(`signup answered ${signup.status}: ${signup.text.slice(0, 300)}`);
    users[index] = { id: signup.body.user.id, token: signup.body.accessToken, ip };
  });
  await pool(command.channels, command.concurrency, async (index) => {
    const members = users.slice(index * command.members, (index + 1) * command.members);
    const created = await call<{ id: string }>(command.baseUrl, members[0]!, 'POST', '/v1/channels', {
      type: 'group',
      name: `bench ${index}`,
      memberIds: members.slice(1).map((member) => member.id),
    });
    if (created.status !== 201)
      throw new Error(`POST /v1/channels answered ${created.status}: ${created.text.slice(0, 300)}`);
    channels[index] = { id: created.body.id, members };
  });
  return {
    users: users.length,
    channels: channels.length,
    tokens: users.map((user) => user.token),
    emailPrefix,
  };
}

function wsUrl(baseUrl: string) {
  return `${baseUrl.replace(/^http/, 'ws')}/v1/ws`;
}

/** Opens an authenticated socket and resolves at its `ready` frame. */
function openSocket(baseUrl: string, token: string, localAddress?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(baseUrl), ['streamhub.v1', `bearer.${token}`], {
      perMessageDeflate: false,
      localAddress,
    });
    const timer = setTimeout(() => (ws.terminate(), reject(new Error('no ready frame in 30 s'))), 30_000);
    const onMessage = (data: WebSocket.RawData) => {
      if ((JSON.parse((data as Buffer).toString()) as { type: string }).type !== 'ready') return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(ws);
    };
    ws.on('message', onMessage);
    ws.once('error', (error) => (clearTimeout(timer), reject(error)));
    ws.once('close', (code) => (clearTimeout(timer), reject(new Error(`closed with ${code} before ready`))));
  });
}

// The gateway writes a frame's type first and a message's id first in its
// data (services/gateway/ws/server-frames.ts): the generator shares the
// app's cores, so it finds the id in the bytes instead of parsing 10,000
// frames a second. Were the order to change, every message would count as
// not received: the row fails, it does not report a wrong latency.
const MESSAGE_CREATED = Buffer.from('{"type":"message.created"');
const MESSAGE_ID = Buffer.from('"data":{"id":"');
const UUID_LENGTH = 36;

function track(ws: WebSocket) {
  ws.on('message', (data) => {
    const at = performance.now();
    const bytes = data as Buffer;
    if (bytes.compare(MESSAGE_CREATED, 0, MESSAGE_CREATED.length, 0, MESSAGE_CREATED.length) !== 0) return;
    const idAt = bytes.indexOf(MESSAGE_ID, MESSAGE_CREATED.length);
    if (idAt < 0) return;
    const start = idAt + MESSAGE_ID.length;
    const id = bytes.toString('latin1', start, start + UUID_LENGTH);
    const entry = tracking.get(id);
    if (entry) {
      entry.arrivals += 1;
      entry.lastAt = at;
    } else tracking.set(id, { arrivals: 1, lastAt: at });
  });
}

async function connect(command: Extract<Command, { cmd: 'connect' }>) {
  await pool(users.length, 64, async (index) => {
    const user = users[index]!;
    user.socket = await openSocket(command.baseUrl, user.token);
    track(user.socket);
  });
  return { sockets: users.length };
}

async function fanout(command: Extract<Command, { cmd: 'fanout' }>): Promise<FanoutResult> {
  tracking.clear();
  const members = channels[0]?.members.length ?? 0;
  const posted: string[] = [];
  let postFailed = 0;
  let firstPostError: string | undefined;
  let inFlight = 0;
  let sent = 0;
  let throttledTicks = 0;
  const started = performance.now();
  const endAt = started + command.durationS * 1000;
  const inFlightPosts: Promise<void>[] = [];
  const post = async (index: number) => {
    const channel = channels[index % channels.length]!;
    const sender = channel.members[Math.floor(index / channels.length) % channel.members.length]!;
    inFlight += 1;
    try {
      const answer = await postJson(command.baseUrl, sender, `/v1/channels/${channel.id}/messages`, {
        body: `fan-out ${index}`,
        clientMessageId: randomUUID(),
      });
      const answeredAt = performance.now();
      if (answer.status !== 201) {
        postFailed += 1;
        firstPostError ??= `${answer.status} ${answer.text.slice(0, 200)}`;
        return;
      }
      const { id } = JSON.parse(answer.text) as { id: string };
      const entry = tracking.get(id) ?? { arrivals: 0, lastAt: 0 };
      entry.answeredAt = answeredAt;
      tracking.set(id, entry);
      posted.push(id);
    } catch (error) {
      postFailed += 1;
      firstPostError ??= error instanceof Error ? error.message : String(error);
    } finally {
      inFlight -= 1;
    }
  };
  // Open loop: the schedule says how many posts should have started by now.
  for (let now = performance.now(); now < endAt; now = performance.now()) {
    const due = Math.floor(((now - started) / 1000) * command.rate);
    if (due > sent && inFlight >= MAX_IN_FLIGHT) throttledTicks += 1;
    while (sent < due && inFlight < MAX_IN_FLIGHT) inFlightPosts.push(post(sent++));
    await sleep(TICK_MS);
  }
  const sendingS = (performance.now() - started) / 1000;
  await Promise.all(inFlightPosts);
  const drainUntil = performance.now() + command.drainMs;
  const complete = () => posted.every((id) => (tracking.get(id)?.arrivals ?? 0) >= members);
  while (!complete() && performance.now() < drainUntil) await sleep(50);
  const latenciesMs: number[] = [];
  let incomplete = 0;
  for (const id of posted) {
    const entry = tracking.get(id)!;
    if (entry.arrivals < members) incomplete += 1;
    else latenciesMs.push(Math.max(0, entry.lastAt - entry.answeredAt!));
  }
  return {
    posted: posted.length,
    postFailed,
    firstPostError,
    incomplete,
    latenciesMs,
    achievedRate: sent / sendingS,
    throttledTicks,
  };
}

async function open(command: Extract<Command, { cmd: 'open' }>) {
  let opened = 0;
  let failed = 0;
  let firstError: string | undefined;
  const base = idleSockets.length;
  await pool(command.count, 128, async (index) => {
    const n = base + index;
    // 127.0.0.2 … 127.0.0.(1+sourceAddresses): Linux routes all of 127/8 to loopback.
    const localAddress = `127.0.0.${2 + (n % command.sourceAddresses)}`;
    try {
      const ws = await openSocket(command.baseUrl, command.tokens[n % command.tokens.length]!, localAddress);
      ws.on('error', () => undefined);
      idleSockets.push(ws);
      opened += 1;
    } catch (error) {
      failed += 1;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  });
  const open_ = idleSockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  return { opened, failed, firstError, open: open_ };
}

async function closeAll() {
  const all = [...users.map((user) => user.socket), ...idleSockets].filter((ws): ws is WebSocket => !!ws);
  for (const ws of all) ws.terminate();
  return { closed: all.length };
}

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'setup':
      return setup(command);
    case 'connect':
      return connect(command);
    case 'fanout':
      return fanout(command);
    case 'open':
      return open(command);
    case 'close':
      return closeAll();
  }
}

if (require.main === module) {
  if (!process.send) throw new Error('bench/load/ws-clients.js runs forked, with an IPC channel');
  process.on('message', (command: Command) => {
    handle(command).then(
      (result) => process.send!({ ok: true, result }),
      (error: unknown) =>
        process.send!({
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
