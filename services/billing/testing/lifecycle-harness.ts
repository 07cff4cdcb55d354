import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import knex, { type Knex } from 'knex';
import { subscriptionWorkflowId } from '../../../workflows/subscription/contract';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import type { SubscriptionDeps } from '../subscription-deps';
import { testSubscriptionDeps } from './subscription-deps';

/**
 * For the commands that start or update `subscription:<userId>`: the real
 * worker (with billing) on a task queue of its own, so the workflows these
 * commands start run; the commands talk to the dev Temporal server through
 * their own client. Rows are committed: `forget` removes a user's.
 */
export interface LifecycleHarness {
  db: Knex;
  deps: SubscriptionDeps;
  client: Client;
  /** Ends the user's workflow and deletes their billing rows. */
  forget(userId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startLifecycleHarness(env: Record<string, string> = {}): Promise<LifecycleHarness> {
  const taskQueue = `subscription-commands-${randomUUID()}`;
  const app: TestPlatform = await startTestPlatform({
    targets: ['worker', 'billing'],
    env: { TEMPORAL_TASK_QUEUE: taskQueue, ...env },
  });
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 4 } });
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE });
  const deps = testSubscriptionDeps(db, { env, temporal: { client, taskQueue } });
  return {
    db,
    deps,
    client,
    async forget(userId) {
      await client.workflow
        .getHandle(subscriptionWorkflowId(userId))
        .terminate('test over')
        .catch(() => undefined);
      for (const table of ['subscriptions', 'subscription_history', 'payments', 'test_payment_outcomes'])
        await db(`billing.${table}`).where({ user_id: userId }).delete();
    },
    async stop() {
      await connection.close();
      await db.destroy();
      await app.stop();
    },
  };
}
