import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { BillingService } from '../../../proto/gen/billing/v1/billing_pb.js';
import { StorageService } from '../../../proto/gen/storage/v1/storage_pb.js';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { createServiceClient } from '../../internal/grpc/client';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import type { FilesDeps } from '../deps';
import { dbOnlyFilesDeps } from './db-only-deps';

/**
 * FilesDeps for the upload commands: the test's rolled-back transaction, the
 * real billing and storage services over gRPC (a platform started without a
 * worker), and a real Temporal client on a task queue of this test file's
 * own, so the workflows a command starts never run. `afterEach` terminates
 * every upload workflow a test started.
 */
export function platformFilesDeps(options: { env?: Record<string, string> } = {}): {
  deps: () => FilesDeps;
  trx: ReturnType<typeof rolledBackTransactions>['trx'];
  db: ReturnType<typeof rolledBackTransactions>['db'];
} {
  const { trx, db } = rolledBackTransactions();
  const taskQueue = `files-commands-test-${randomUUID()}`;
  let app: TestPlatform | undefined;
  let connection: Connection | undefined;
  let services: Omit<FilesDeps, 'db'> | undefined;
  const started = new Set<string>();

  beforeAll(async () => {
    app = await startTestPlatform({ targets: ['billing', 'storage'], env: options.env });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    const url = `http://127.0.0.1:${app.grpcPort}`;
    services = {
      storage: createServiceClient(StorageService, url),
      billing: createServiceClient(BillingService, url),
      temporal: new Client({
        connection,
        namespace: process.env.TEMPORAL_NAMESPACE,
        // Remembers each workflow a command starts, so afterEach can end it.
        interceptors: {
          workflow: [
            {
              start: (input, next) => (started.add(input.options.workflowId), next(input)),
              startWithDetails: (input, next) => (started.add(input.options.workflowId), next(input)),
            },
          ],
        },
      }),
      taskQueue,
      settings: dbOnlyFilesDeps(undefined as never).settings,
      // Every change runs inside the test's rolled-back transaction: nothing may be cached.
      usageCache: NO_CACHE,
    };
  });

  afterEach(async () => {
    // No worker polls this queue; ending what the test started keeps the namespace clean.
    const temporal = services?.temporal;
    if (!temporal) return;
    for (const workflowId of started) {
      // Already ended is fine: the test may have ended it itself.
      await temporal.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    }
    started.clear();
  });

  afterAll(async () => {
    await connection?.close();
    await app?.stop();
  });

  const deps = (): FilesDeps => {
    if (!services) throw new Error('deps() is only available inside a test');
    return { ...services, db: trx() };
  };
  return { deps, trx, db };
}
