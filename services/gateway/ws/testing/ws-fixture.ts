import { createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ChatService } from '../../../../proto/gen/chat/v1/chat_pb.js';
import { signUpUser, type ApiUser } from '../../../internal/testing/api-users';
import { apiClient } from '../../../internal/testing/http';

export type ChatClient = Client<typeof ChatService>;

/** The chat service of a platform, called directly (posts in tests need no REST round trip). */
export function chatClient(grpcPort: number): ChatClient {
  return createClient(ChatService, createGrpcTransport({ baseUrl: `http://127.0.0.1:${grpcPort}` }));
}

export interface WsUser extends ApiUser {
  /** A fresh access token from POST /v1/auth/login. */
  login(): Promise<string>;
}

export async function wsUser(baseUrl: string, prefix: string): Promise<WsUser> {
  const user = await signUpUser(baseUrl, prefix);
  return {
    ...user,
    async login() {
      const response = await apiClient(baseUrl)<{ accessToken: string }>('POST', '/v1/auth/login', {
        body: { email: user.email, password: user.password },
      });
      if (response.status !== 200) throw new Error(`login answered ${response.status}`);
      return response.body.accessToken;
    },
  };
}

/** A group channel owned by `owner` with `members`; answers its id. */
export async function groupChannel(chat: ChatClient, owner: string, members: string[]): Promise<string> {
  const created = await chat.createChannel({
    userId: owner,
    type: 'group',
    name: 'ws test',
    memberIds: members,
  });
  return created.channel!.id;
}

/** Posts `count` messages in order; answers their seqs. */
export async function postMessages(
  chat: ChatClient,
  userId: string,
  channelId: string,
  count: number,
  body = (index: number) => `message ${index}`,
): Promise<number[]> {
  const seqs: number[] = [];
  for (let index = 0; index < count; index++) {
    const posted = await chat.postMessage({ userId, channelId, body: body(index) });
    seqs.push(Number(posted.message!.seq));
  }
  return seqs;
}
