import knex from 'knex';
import { loadConfig } from '../../internal/config';
import type { ApiUser } from '../../internal/testing/api-users';
import { signUpUser } from '../../internal/testing/api-users';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import { createChatDeps } from '../create-deps';
import type { ChatDeps } from '../deps';

export interface ChatTestBed {
  app: TestPlatform;
  deps: ChatDeps;
  /** Real accounts (signed up through the API): member ids must be accounts. */
  users(count: number): Promise<ApiUser[]>;
  stop(): Promise<void>;
}

/**
 * The whole platform on the real servers, and chat deps of this test's own:
 * its database pool, and auth and files reached over gRPC on the platform's
 * port, as a chat process apart from them would.
 */
export async function startChatTestBed(): Promise<ChatTestBed> {
  const app = await startTestPlatform();
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 30 } });
  const config = loadConfig({ GRPC_PORT: String(app.grpcPort) }, ['grpcClients']);
  return {
    app,
    deps: createChatDeps({ db, config }),
    users: (count) => Promise.all(Array.from({ length: count }, () => signUpUser(app.baseUrl, 'chat'))),
    stop: async () => {
      await db.destroy();
      await app.stop();
    },
  };
}
