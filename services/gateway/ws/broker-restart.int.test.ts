import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureJava } from '../../../tilt/local/install/java';
import { ensureKafka } from '../../../tilt/local/install/kafka';
import * as kafkaServer from '../../../tilt/local/servers/kafka';
import { createTopics } from '../../../tilt/local/test-run-resources';
import { freePort } from '../../internal/testing/free-port';
import { requireTestEnv } from '../../internal/testing/require-env';
import {
  ISOLATION_ENV,
  SERVER_ENV,
  startTestPlatform,
  type TestPlatform,
} from '../../internal/testing/test-platform';
import { TestSocket } from '../../internal/testing/test-socket';
import { chatClient, groupChannel, wsUser, type WsUser } from './testing/ws-fixture';

const MESSAGES = 200;
const KILL_AFTER = 60;
const RESTART_AFTER = 120;
// One idempotency key per message, reused by every retry of it.
const CLIENT_IDS = Array.from({ length: MESSAGES }, () => randomUUID());

/**
 * A member's client as an app would write it: it keeps, per channel, the
 * last seq it has; when its socket drops it reconnects with a fresh token
 * and resumes from that seq.
 */
class ResumingClient {
  readonly seqs: number[] = [];
  readonly messageIds = new Set<string>();
  reconnects = 0;
  private socket?: TestSocket;
  private stopped = false;
  private lastSeq = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly user: WsUser,
    private readonly channelId: string,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const socket = await TestSocket.ready(this.baseUrl, await this.user.login());
    this.socket = socket;
    socket.ws.on('message', (data) => {
      const frame = JSON.parse((data as Buffer).toString('utf8')) as {
        type: string;
        seq?: number;
        channelId?: string;
        data: { id?: string };
      };
      if (frame.type !== 'message.created' || frame.channelId !== this.channelId) return;
      this.seqs.push(frame.seq!);
      this.messageIds.add(frame.data.id!);
      this.lastSeq = Math.max(this.lastSeq, frame.seq!);
    });
    socket.send({ type: 'resume', channels: { [this.channelId]: this.lastSeq } });
    void socket.closed.then(async () => {
      while (!this.stopped) {
        try {
          this.reconnects += 1;
          await this.connect();
          return;
        } catch {
          await sleep(200);
        }
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.socket?.close();
  }
}

/** POSTs a message, retrying with the same clientMessageId until the API takes it. */
async function postUntilAccepted(
  user: WsUser,
  channelId: string,
  index: number,
  failures: { count: number },
): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const response = await user.call('POST', `/v1/channels/${channelId}/messages`, {
        body: { body: `stream ${index}`, clientMessageId: CLIENT_IDS[index] },
      });
      if (response.status === 201 || response.status === 200) return;
      failures.count += 1;
    } catch {
      failures.count += 1;
    }
    await sleep(100);
  }
  throw new Error(`message ${index} was never accepted`);
}

interface HistoryPage {
  items: Array<{ id: string; seq: number; clientMessageId: string | null }>;
  nextCursor: string | null;
}

// The shared stack's Kafka is never touched: this test runs a broker of its
// own (tilt/local/servers/kafka.ts, in a temp dir, on free ports), kills it
// with SIGKILL in the middle of a stream of posts and starts it again on
// the same ports and data (docs/messaging.md#websocket).
describe('the WebSocket while the Kafka broker is killed and restarted', () => {
  const env = requireTestEnv([...SERVER_ENV, ...ISOLATION_ENV]);
  const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-broker-restart-'));
  let kafkaOptions: kafkaServer.KafkaOptions;
  let broker: kafkaServer.KafkaServer | undefined;
  let platform: TestPlatform | undefined;

  beforeAll(async () => {
    kafkaOptions = {
      runtimeDir,
      port: await freePort(),
      controllerPort: await freePort(),
      java: await ensureJava(),
      libsDir: await ensureKafka(),
    };
    broker = await kafkaServer.start(kafkaOptions);
    await createTopics(broker.brokers, env.KAFKA_TOPIC_PREFIX);
    platform = await startTestPlatform({ env: { KAFKA_BROKERS: broker.brokers } });
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    await broker?.stop();
    fs.rmSync(runtimeDir, { recursive: true, force: true });
  }, 60_000);

  it('delivers every message at least once to each member and keeps history exactly once, seqs gapless', async () => {
    const { baseUrl, grpcPort } = platform!;
    const [alice, bob] = await Promise.all([wsUser(baseUrl, 'broker-alice'), wsUser(baseUrl, 'broker-bob')]);
    const channelId = await groupChannel(chatClient(grpcPort), alice.id, [bob.id]);
    const clients = [alice, bob].map((user) => new ResumingClient(baseUrl, user, channelId));
    await Promise.all(clients.map((client) => client.start()));

    const failures = { count: 0 };
    for (let index = 0; index < MESSAGES; index++) {
      if (index === KILL_AFTER) {
        process.kill(broker!.pid, 'SIGKILL');
        await broker!.stop(); // it has exited: this only forgets its pid file
      }
      if (index === RESTART_AFTER) broker = await kafkaServer.start(kafkaOptions);
      await postUntilAccepted(index % 2 ? bob : alice, channelId, index, failures);
      await sleep(index >= KILL_AFTER && index < RESTART_AFTER ? 50 : 10);
    }

    // History: every message exactly once, seqs 1..n with no gap.
    const history: HistoryPage['items'] = [];
    let pagePath = `/v1/channels/${channelId}/messages?limit=100`;
    for (;;) {
      const page = await alice.call<HistoryPage>('GET', pagePath);
      expect(page.status).toBe(200);
      history.push(...page.body.items);
      if (!page.body.nextCursor) break;
      pagePath = `/v1/channels/${channelId}/messages?limit=100&cursor=${encodeURIComponent(page.body.nextCursor)}`;
    }
    const clientIds = history.map((message) => message.clientMessageId);
    expect(new Set(clientIds).size).toBe(MESSAGES);
    expect(clientIds.sort()).toEqual([...CLIENT_IDS].sort());
    const seqs = history.map((message) => message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: MESSAGES }, (_, index) => seqs[0]! + index));

    // Live: each member's client ends up with every message (at least once).
    const ids = new Set(history.map((message) => message.id));
    const deadline = Date.now() + 60_000;
    while (clients.some((client) => client.messageIds.size < ids.size) && Date.now() < deadline)
      await sleep(100);
    for (const client of clients) expect([...ids].filter((id) => !client.messageIds.has(id))).toEqual([]);
    await Promise.all(clients.map((client) => client.stop()));
  }, 300_000);
});
