import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Redis } from 'ioredis';
import knex, { type Knex } from 'knex';
import type { TrashActivities } from '../../../workflows/trash/contract';
import type { UploadActivities, UploadInput } from '../../../workflows/upload/contract';
import { loadConfig } from '../../internal/config';
import { LocalServices } from '../../internal/grpc/local-services';
import { createLogger } from '../../internal/logger';
import type { ModuleContext } from '../../internal/module-runner';
import type { Provided } from '../../internal/modules/provided';
import { apiClient, uniqueEmail } from '../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import { filesActivityProvider } from './provider';
import { Registry } from 'prom-client';

// The API and the files service without a worker or ingest, on a task queue
// of its own: the workflows these uploads start never run, so the activities
// change state only when a test calls them.
const WITHOUT_WORKER = ['gateway', 'auth', 'billing', 'files', 'storage'];

type Api = ReturnType<typeof apiClient>;

export interface ActivitiesHarness {
  db: Knex;
  /** The registry the provider's metrics (upload confirmation latency) went to. */
  metrics: Registry;
  /** Built by the provider the worker registers, exactly as the worker builds them. */
  activities: UploadActivities & TrashActivities;
  newUser(): Promise<{ id: string; call: Api }>;
  /** Starts an upload through the API and, unless told otherwise, PUTs its bytes. */
  upload(
    user: { id: string; call: Api },
    bytes: Buffer,
    options?: { put?: boolean },
  ): Promise<{ fileId: string; input: UploadInput }>;
  stop(): Promise<void>;
}

export async function startActivitiesHarness(): Promise<ActivitiesHarness> {
  const taskQueue = `activities-test-${randomUUID()}`;
  const app: TestPlatform = await startTestPlatform({
    targets: WITHOUT_WORKER,
    env: { TEMPORAL_TASK_QUEUE: taskQueue },
  });
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  // The app's Redis, so usage these activities change is invalidated for the app's readers too.
  const redis = new Redis(process.env.REDIS_URL!, { keyPrefix: process.env.REDIS_KEY_PREFIX ?? '' });
  const metrics = new Registry();
  const provided: Partial<Provided> = {
    database: db,
    metrics,
    redis,
    temporalClient: new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE }),
    // None in this process, as in a worker Pod: the activities call storage and billing over gRPC.
    localServices: new LocalServices(createLogger({ level: 'silent' })),
  };
  const context: ModuleContext<Provided> = {
    config: loadConfig(
      { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, GRPC_PORT: String(app.grpcPort) },
      filesActivityProvider.config,
    ),
    logger: createLogger({ level: 'silent' }),
    use: (name) => {
      const value = provided[name];
      if (!value) throw new Error(`the worker does not provide ${name} to activities`);
      return value;
    },
  };
  const activities = filesActivityProvider.create(context) as UploadActivities & TrashActivities;

  return {
    db,
    metrics,
    activities,
    async newUser() {
      const api = apiClient(app.baseUrl);
      const signup = await api<{ accessToken: string; user: { id: string } }>('POST', '/v1/auth/signup', {
        body: { email: uniqueEmail('activities'), password: 'correct horse battery' },
      });
      expect(signup.status).toBe(201);
      const token = signup.body.accessToken;
      const call: Api = (method, path, options = {}) => api(method, path, { token, ...options });
      return { id: signup.body.user.id, call };
    },
    async upload(user, bytes, options = {}) {
      const created = await user.call<{
        file: { id: string };
        upload: { url: string; headers: Record<string, string>; expiresAt: string };
      }>('POST', '/v1/uploads', {
        body: { name: `${randomUUID()}.bin`, size: bytes.length, contentType: 'application/octet-stream' },
      });
      expect(created.status).toBe(201);
      if (options.put !== false) {
        const { url, headers } = created.body.upload;
        expect((await fetch(url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
      }
      const fileId = created.body.file.id;
      const input: UploadInput = {
        userId: user.id,
        fileId,
        version: 1,
        size: bytes.length,
        expireAt: created.body.upload.expiresAt,
      };
      return { fileId, input };
    },
    async stop() {
      redis.disconnect();
      await connection.close();
      await db.destroy();
      await app.stop();
    },
  };
}
