import { addMembers } from './commands/add-members';
import { createChannel } from './commands/create-channel';
import { postMessage } from './commands/post-message';
import { createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ChatService } from '../../proto/gen/chat/v1/chat_pb.js';
import type { ApiUser } from '../internal/testing/api-users';
import { apiClient } from '../internal/testing/http';
import { readMetrics, sampleIn } from '../internal/testing/metric-sample';
import { TestSocket } from '../internal/testing/test-socket';
import { startChatTestBed, type ChatTestBed } from './testing/platform-deps';

/** The platform's counts of chat.post_message_if_current calls, by the guess they carried. */
async function postCalls(metricsUrl: string): Promise<{ current: number; stale: number }> {
  const exposition = await readMetrics(metricsUrl);
  const calls = (guess: string) =>
    sampleIn(exposition, 'streamhub_chat_post_calls_total', `guess="${guess}"`);
  return { current: calls('current'), stale: calls('stale') };
}

// The platform (gateway and chat in one process) and a chat process apart from
// it (the test bed's own deps: the same database, guesses of its own). What the
// other process posts reaches the platform's gateway through chat.events; from
// then on the platform's next post is built on it: one call, not a stale one and a second.
describe("chat's channel guesses, refreshed from the events its process's gateway hears", () => {
  let bed: ChatTestBed;
  let platformChat: Client<typeof ChatService>;
  let sockets: TestSocket[] = [];

  beforeAll(async () => {
    bed = await startChatTestBed();
    platformChat = createClient(
      ChatService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${bed.app.grpcPort}` }),
    );
  }, 90_000);

  afterEach(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    sockets = [];
  });

  afterAll(async () => {
    await bed?.stop();
  });

  /** A member's socket on the platform's gateway: its frames show what the platform's process has heard. */
  async function listener(user: ApiUser): Promise<TestSocket> {
    const login = await apiClient(bed.app.baseUrl)<{ accessToken: string }>('POST', '/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const socket = await TestSocket.ready(bed.app.baseUrl, login.body.accessToken);
    sockets.push(socket);
    return socket;
  }

  const heard = (socket: TestSocket, type: string, channelId: string, seq: number) =>
    socket.next((frame) => frame.type === type && frame.channelId === channelId && frame.seq === seq);

  it("posts in one call after another process's post, and with the members another process added", async () => {
    const [a, b, c] = await bed.users(3);
    const created = await createChannel({
      deps: bed.deps,
      userId: a!.id,
      type: 'group',
      name: 'guesses',
      memberIds: [b!.id],
    });
    const channelId = created.channel.id;
    const socket = await listener(b!);
    const postOnPlatform = async (body: string) =>
      Number((await platformChat.postMessage({ userId: a!.id, channelId, body })).message!.seq);
    const postElsewhere = async (userId: string, body: string) =>
      Number(
        (
          await postMessage({
            deps: bed.deps,
            userId,
            channelId,
            body,
            attachmentFileIds: [],
            clientMessageId: '',
          })
        ).message.seq,
      );

    // The platform learns the channel with its first post.
    const first = await postOnPlatform('the platform learns the channel');
    const otherSeq = await postElsewhere(b!.id, 'posted through another process');
    expect(otherSeq).toBe(first + 1);
    await heard(socket, 'message.created', channelId, otherSeq);

    let before = await postCalls(bed.app.metricsUrl);
    expect(await postOnPlatform('built on what the gateway heard')).toBe(otherSeq + 1);
    let after = await postCalls(bed.app.metricsUrl);
    expect({ current: after.current - before.current, stale: after.stale - before.stale }).toEqual({
      current: 1,
      stale: 0,
    });

    // c joins through the other process: the platform's next post names c (and mentions c) at once.
    await addMembers({ deps: bed.deps, userId: a!.id, channelId, memberIds: [c!.id] });
    const membersChangedSeq = otherSeq + 2;
    await heard(socket, 'channel.members_changed', channelId, membersChangedSeq);
    before = await postCalls(bed.app.metricsUrl);
    const mention = await platformChat.postMessage({ userId: a!.id, channelId, body: `hello @${c!.id}` });
    after = await postCalls(bed.app.metricsUrl);
    expect(Number(mention.message!.seq)).toBe(membersChangedSeq + 1);
    expect(mention.message!.mentionedUserIds).toEqual([c!.id]);
    expect({ current: after.current - before.current, stale: after.stale - before.stale }).toEqual({
      current: 1,
      stale: 0,
    });
  }, 60_000);
});
