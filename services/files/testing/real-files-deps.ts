import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { loadConfig } from '../../internal/config';
import type { Database } from '../../internal/db';
import { startTestPlatform } from '../../internal/testing/test-platform';
import { createFilesDeps } from '../create-deps';
import type { FilesDeps } from '../deps';

export interface RealFilesServices {
  /** FilesDeps on `db` (a test's transaction), with storage and billing over gRPC and a real Temporal client. */
  deps(db: Database): FilesDeps;
  temporal: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * Starts storage and billing (no worker) and a Temporal client in the test
 * run's namespace, on a task queue of its own: workflows a command starts
 * never run, and the test terminates them.
 */
export async function startRealFilesServices(): Promise<RealFilesServices> {
  const taskQueue = `files-command-test-${randomUUID()}`;
  const app = await startTestPlatform({
    targets: ['billing', 'storage'],
    env: { TEMPORAL_TASK_QUEUE: taskQueue },
  });
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE });
  const config = loadConfig(
    { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, GRPC_PORT: String(app.grpcPort) },
    ['files', 'grpcClients', 'temporal'],
  );
  return {
    // Commands run inside a test's rolled-back transaction: nothing may be cached.
    deps: (db) => createFilesDeps({ db, temporal, config, usageCache: NO_CACHE }),
    temporal,
    taskQueue,
    async stop() {
      await connection.close();
      await app.stop();
    },
  };
}
