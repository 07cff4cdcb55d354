import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { eventually } from '../internal/testing/eventually';
import { signUpAdmin, signUpUser, type ApiUser } from '../internal/testing/api-users';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';
import { MainProcess } from '../internal/testing/main-process';

// The app runs in this process without its worker; the worker is a separate
// process (needs a build, or STREAMHUB_MAIN_JS) killed with SIGKILL while
// subscriptions are due. Periods last 4 seconds, so renewals and retries
// come due while no worker runs; the restarted worker catches up, and every
// period is still charged and renewed exactly once.
const WITHOUT_WORKER = ['gateway', 'auth', 'admin', 'billing', 'files', 'storage', 'ingest'];
const SETTINGS = {
  SUBSCRIPTION_PERIOD_SECONDS: '4',
  SUBSCRIPTION_REMINDER_SECONDS: '2',
  SUBSCRIPTION_GRACE_SECONDS: '6',
  SUBSCRIPTION_RETRY_SECONDS: '1',
};

jest.setTimeout(180_000);

describe('subscriptions with the worker killed', () => {
  let app: TestPlatform;
  let worker: MainProcess;
  let admin: ApiUser;
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  const taskQueue = `subscription-crash-${randomUUID()}`;

  beforeAll(async () => {
    app = await startTestPlatform({
      targets: WITHOUT_WORKER,
      env: { TEMPORAL_TASK_QUEUE: taskQueue, ...SETTINGS },
    });
    worker = new MainProcess('worker', {
      TEMPORAL_TASK_QUEUE: taskQueue,
      GRPC_PORT: String(app.grpcPort),
      LOG_LEVEL: 'warn',
      ...SETTINGS,
    });
    await worker.start();
    admin = await signUpAdmin(app.baseUrl, db);
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.stop();
    await db.destroy();
  });

  const history = async (userId: string) =>
    (await db('billing.subscription_history').where({ user_id: userId }).orderBy('id')) as Array<{
      change: string;
      period_start: Date;
    }>;
  const payments = (userId: string) =>
    db('billing.payments').where({ user_id: userId }).orderBy('attempted_at') as Promise<
      Array<{ period_start: Date; outcome: string }>
    >;
  const renewals = async (userId: string) =>
    (await history(userId)).filter((row) => row.change === 'renewed');

  it('renews every period once, however long the worker was gone', async () => {
    const user = await signUpUser(app.baseUrl, 'crash-subscriber');
    await eventually(
      async () => ((await user.call('GET', '/v1/subscription')).status === 200 ? true : undefined),
      'the free subscription',
    );
    expect((await user.call('POST', '/v1/subscription', { body: { planId: 'plus' } })).status).toBe(200);

    await worker.kill();
    // Two period ends pass with no worker at all.
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    expect(await renewals(user.id)).toEqual([]);
    await worker.start();
    await eventually(
      async () => ((await renewals(user.id)).length >= 2 ? true : undefined),
      'two renewals',
      60_000,
    );

    await worker.kill();
    await worker.start();
    await eventually(
      async () => ((await renewals(user.id)).length >= 3 ? true : undefined),
      'a third renewal',
      60_000,
    );
    expect(
      (await admin.call('PATCH', `/v1/admin/subscriptions/${user.id}`, { body: { action: 'expire' } }))
        .status,
    ).toBe(200);

    // Each period started once, and each was paid once.
    const starts = (await renewals(user.id)).map((row) => row.period_start.toISOString());
    expect(new Set(starts).size).toBe(starts.length);
    const paid = (await payments(user.id)).filter((payment) => payment.outcome === 'succeeded');
    const paidPeriods = paid.map((payment) => payment.period_start.toISOString());
    expect(new Set(paidPeriods).size).toBe(paid.length);
    expect(paid).toHaveLength(starts.length + 1); // the subscription's first charge, then one per renewal
  });

  it('downgrades once after the grace period although the worker died while past due', async () => {
    const user = await signUpUser(app.baseUrl, 'crash-past-due');
    await eventually(
      async () => ((await user.call('GET', '/v1/subscription')).status === 200 ? true : undefined),
      'the free subscription',
    );
    expect((await user.call('POST', '/v1/subscription', { body: { planId: 'pro' } })).status).toBe(200);
    await admin.call('PATCH', `/v1/admin/subscriptions/${user.id}`, { body: { paymentOutcome: 'fail' } });
    await eventually(
      async () => ((await history(user.id)).some((row) => row.change === 'past_due') ? true : undefined),
      'past_due',
      60_000,
    );
    await worker.kill();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await worker.start();
    const downgraded = await eventually(
      async () => {
        const response = await user.call('GET', '/v1/subscription');
        return response.body.plan?.slug === 'free' ? response.body : undefined;
      },
      'the downgrade',
      60_000,
    );
    expect(downgraded).toMatchObject({ status: 'active', nextCharge: null });
    const changes = (await history(user.id)).map((row) => row.change);
    expect(changes.filter((change) => change === 'past_due')).toHaveLength(1);
    expect(changes.filter((change) => change === 'downgraded')).toHaveLength(1);
    const failed = (await payments(user.id)).filter((payment) => payment.outcome === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
  });
});
