import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import knex from 'knex';
import { decodeEvent } from '../../../internal/kafka/events';
import { TOPICS } from '../../../internal/kafka/topics';
import { eventually } from '../../../internal/testing/eventually';
import { testKafkaNames } from '../../../internal/testing/kafka-names';
import { signUpAdmin, signUpUser, uploadFile, type ApiUser } from '../../../internal/testing/api-users';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

// The subscription lifecycle end to end through REST, on the real dev
// Temporal server with the app's own worker: every period lasts a few
// seconds (SUBSCRIPTION_PERIOD_SECONDS), so renewals, reminders, failed
// charges, the grace period and expiry all happen during the test.
const PERIOD_SECONDS = 6;
const SETTINGS = {
  SUBSCRIPTION_PERIOD_SECONDS: String(PERIOD_SECONDS),
  SUBSCRIPTION_REMINDER_SECONDS: '3',
  SUBSCRIPTION_GRACE_SECONDS: '4',
  SUBSCRIPTION_RETRY_SECONDS: '1',
};
const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;
const LIFECYCLE_MS = 60_000;

interface SubscriptionBody {
  plan: { id: string; slug: string; priceCents: number };
  status: string;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  nextCharge: { amountCents: number; at: string } | null;
  scheduledPlan: { slug: string } | null;
}

jest.setTimeout(180_000);

describe('/v1/subscription and /v1/admin/subscriptions end to end', () => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  const names = testKafkaNames();
  const kafka = new Kafka({
    clientId: 'subscription-e2e',
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
  const billingEvents: Array<{ key: string; type: string }> = [];
  let consumer: Consumer;
  let app: TestPlatform;
  let admin: ApiUser;
  let temporal: { connection: Connection; client: Client };

  beforeAll(async () => {
    app = await startTestPlatform({ env: SETTINGS });
    admin = await signUpAdmin(app.baseUrl, db);
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE }) };
    consumer = kafka.consumer({ groupId: names.group(`subscription-e2e-${randomUUID()}`) });
    await consumer.connect();
    await consumer.subscribe({ topic: names.topic(TOPICS.billingEvents), fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        billingEvents.push({ key: message.key?.toString() ?? '', type: decodeEvent(message.value!).type });
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await temporal?.connection.close();
    await app?.stop();
    await db.destroy();
  });

  const subscriptionOf = async (user: ApiUser) => {
    const response = await user.call<SubscriptionBody>('GET', '/v1/subscription');
    return response.status === 200 ? response.body : undefined;
  };
  /** The signup consumer gives every new user the free plan; wait for it. */
  const newUser = async () => {
    const user = await signUpUser(app.baseUrl, 'subscriber');
    await eventually(() => subscriptionOf(user), 'the free subscription of a new user');
    return user;
  };
  const waitFor = (user: ApiUser, what: string, test: (body: SubscriptionBody) => boolean) =>
    eventually(
      async () => {
        const body = await subscriptionOf(user);
        return body && test(body) ? body : undefined;
      },
      what,
      LIFECYCLE_MS,
    );
  const payments = (userId: string) =>
    db('billing.payments').where({ user_id: userId }).orderBy('attempted_at') as Promise<
      Array<{ amount_cents: number; outcome: string }>
    >;
  const history = async (userId: string) =>
    (await db('billing.subscription_history').where({ user_id: userId }).orderBy('id')).map(
      (row: { change: string }) => row.change,
    );
  const planOfMe = async (user: ApiUser) => (await user.call('GET', '/v1/me')).body.plan.slug as string;

  it('subscribes, reminds, renews at each period end, upgrades at once prorated, and expires once canceled', async () => {
    const user = await newUser();
    expect(await subscriptionOf(user)).toMatchObject({
      plan: { slug: 'free' },
      status: 'active',
      nextCharge: null,
    });

    const subscribed = await user.call<SubscriptionBody>('POST', '/v1/subscription', {
      body: { planId: 'plus' },
    });
    expect(subscribed.status).toBe(200);
    const first = subscribed.body;
    expect(first).toMatchObject({
      plan: { slug: 'plus' },
      status: 'active',
      cancelAtPeriodEnd: false,
      nextCharge: { amountCents: 499, at: first.currentPeriodEnd },
    });
    expect(Date.parse(first.currentPeriodEnd) - Date.parse(first.currentPeriodStart)).toBe(
      PERIOD_SECONDS * 1000,
    );
    expect(await planOfMe(user)).toBe('plus');

    // At the period end exactly, the next period starts where this one ended.
    const renewed = await waitFor(
      user,
      'the first renewal',
      (body) => body.currentPeriodStart !== first.currentPeriodStart,
    );
    expect(renewed.currentPeriodStart).toBe(first.currentPeriodEnd);
    expect((await payments(user.id)).map((payment) => [payment.amount_cents, payment.outcome])).toEqual([
      [499, 'succeeded'],
      [499, 'succeeded'],
    ]);
    await eventually(
      async () =>
        billingEvents.some((event) => event.key === user.id && event.type === 'subscription.renewal_due') ||
        undefined,
      'the renewal reminder on Kafka',
      LIFECYCLE_MS,
    );

    // An upgrade applies at once; the difference is charged for what is left of the period.
    const upgraded = await user.call<SubscriptionBody>('POST', '/v1/subscription', {
      body: { planId: 'pro' },
    });
    expect(upgraded.status).toBe(200);
    expect(upgraded.body).toMatchObject({ plan: { slug: 'pro' }, nextCharge: { amountCents: 1499 } });
    expect(await planOfMe(user)).toBe('pro');
    const prorated = (await payments(user.id)).at(-1)!;
    expect(prorated.amount_cents).toBeGreaterThan(0);
    expect(prorated.amount_cents).toBeLessThanOrEqual(1000);

    const canceled = await user.call<SubscriptionBody>('DELETE', '/v1/subscription');
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', cancelAtPeriodEnd: true, nextCharge: null });
    expect(await planOfMe(user)).toBe('pro'); // paid for until the period end

    const expired = await waitFor(user, 'the expiry at the period end', (body) => body.status === 'expired');
    expect(expired.plan.slug).toBe('pro');
    expect(await planOfMe(user)).toBe('free');
    const changes = await history(user.id);
    expect(changes).toEqual(
      expect.arrayContaining(['subscribed', 'renewed', 'upgraded', 'canceled', 'expired']),
    );

    // Support staff find the workflow by user id; each period was a run of its own.
    const workflowId = `subscription:${user.id}`;
    const description = await eventually(async () => {
      const described = await temporal.client.workflow.getHandle(workflowId).describe();
      return described.status.name === 'COMPLETED' ? described : undefined;
    }, 'the workflow to complete after the expiry');
    expect(description.memo).toMatchObject({ plan: 'pro', status: 'expired' });
    expect(description.runId).not.toBe(description.raw.workflowExecutionInfo?.firstRunId);
    const found = await eventually(async () => {
      const runs: string[] = [];
      for await (const run of temporal.client.workflow.list({ query: `UserId = "${user.id}"` }))
        runs.push(run.workflowId);
      return runs.includes(workflowId) ? runs : undefined;
    }, 'the workflow in the visibility store by UserId');
    expect(found).toContain(workflowId);
  });

  it('turns failed charges into past_due, downgrades after the grace period, and applies the new plan’s limits from then on', async () => {
    const user = await newUser();
    expect((await user.call('POST', '/v1/subscription', { body: { planId: 'pro' } })).status).toBe(200);
    // On pro: 90 days in the trash, files up to 100 GiB.
    const kept = await uploadFile(user, Buffer.from('kept on pro'));
    const trashedOnPro = await user.call('DELETE', `/v1/files/${kept}`);
    expect(Date.parse(trashedOnPro.body.file.purgeAt) - Date.now()).toBeGreaterThan(89 * DAY_MS);

    const failing = await admin.call('PATCH', `/v1/admin/subscriptions/${user.id}`, {
      body: { paymentOutcome: 'fail' },
    });
    expect(failing.status).toBe(200);
    await waitFor(user, 'past_due after the failed renewal', (body) => body.status === 'past_due');
    expect(await planOfMe(user)).toBe('pro'); // still in the grace period

    const downgraded = await waitFor(
      user,
      'the downgrade after the grace period',
      (body) => body.plan.slug === 'free',
    );
    expect(downgraded).toMatchObject({ status: 'active', nextCharge: null });
    expect(await planOfMe(user)).toBe('free');
    const attempts = await payments(user.id);
    expect(attempts[0]).toMatchObject({ amount_cents: 1499, outcome: 'succeeded' });
    expect(attempts.slice(1).every((payment) => payment.outcome === 'failed')).toBe(true);
    expect(attempts.length).toBeGreaterThanOrEqual(3); // the first attempt and its retries
    expect(await history(user.id)).toEqual(expect.arrayContaining(['past_due', 'downgraded']));

    // The free plan's limits from the change on: 512 MiB per file, 30 days in the trash.
    const large = await user.call('POST', '/v1/uploads', {
      body: { name: 'large.bin', size: 600 * MIB, contentType: 'application/octet-stream' },
    });
    expect(large.status).toBe(413);
    expect(large.body.code).toBe('payload_too_large');
    const later = await uploadFile(user, Buffer.from('trashed on free'));
    const trashedOnFree = await user.call('DELETE', `/v1/files/${later}`);
    const retention = Date.parse(trashedOnFree.body.file.purgeAt) - Date.now();
    expect(retention).toBeGreaterThan(29 * DAY_MS);
    expect(retention).toBeLessThan(31 * DAY_MS);

    // Storing more than the new quota makes the account read-only for uploads; nothing is deleted.
    const usage = await db('files.usage').where({ user_id: user.id }).first();
    await db('files.usage')
      .where({ user_id: user.id })
      .update({ used_bytes: 6 * GIB });
    try {
      const refused = await user.call('POST', '/v1/uploads', {
        body: { name: 'small.bin', size: 1, contentType: 'application/octet-stream' },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('account_over_quota');
      expect((await user.call('GET', `/v1/files/${kept}`)).status).toBe(200);
    } finally {
      await db('files.usage').where({ user_id: user.id }).update({ used_bytes: usage.used_bytes });
    }
  });

  it('lets an admin list, filter, force a renewal and an expiry; refuses bad input with stable codes', async () => {
    const user = await newUser();
    expect((await user.call('POST', '/v1/subscription', { body: { planId: 'plus' } })).status).toBe(200);
    const retired = `test-retired-${randomUUID().slice(0, 8)}`;
    await db('billing.plans').insert({
      slug: retired,
      name: 'Retired',
      storage_quota_bytes: GIB,
      max_file_size_bytes: MIB,
      trash_retention_seconds: 86_400,
      period_days: 30,
      price_cents: 10_000,
      retired_at: new Date(),
    });
    try {
      const codes = async (method: string, path: string, body?: unknown, caller = user) => {
        const response = await caller.call(method, path, { body });
        return [response.status, response.body.code];
      };
      expect(await codes('POST', '/v1/subscription', { planId: 'no-such-plan' })).toEqual([
        404,
        'plan_not_found',
      ]);
      expect(await codes('POST', '/v1/subscription', { planId: retired })).toEqual([409, 'plan_retired']);
      expect(await codes('POST', '/v1/subscription', { planId: 'plus' })).toEqual([409, 'same_plan']);
      expect(await codes('POST', '/v1/subscription', {})).toEqual([400, 'invalid_argument']);
      const free = await newUser();
      expect(await codes('DELETE', '/v1/subscription', undefined, free)).toEqual([
        409,
        'subscription_not_cancelable',
      ]);
      expect(await codes('PATCH', `/v1/admin/subscriptions/${free.id}`, { action: 'renew' }, admin)).toEqual([
        409,
        'no_running_subscription',
      ]);
      expect(
        await codes('PATCH', `/v1/admin/subscriptions/${randomUUID()}`, { action: 'renew' }, admin),
      ).toEqual([404, 'subscription_not_found']);
      expect(await codes('GET', '/v1/admin/subscriptions', undefined, user)).toEqual([403, 'forbidden']);
      expect(await codes('PATCH', `/v1/admin/subscriptions/${user.id}`, { action: 'expire' }, user)).toEqual([
        403,
        'forbidden',
      ]);
    } finally {
      await db('billing.plans').where({ slug: retired }).delete();
    }

    const listed = await admin.call('GET', '/v1/admin/subscriptions?status=active&plan=plus&limit=100');
    expect(listed.status).toBe(200);
    const pages = [listed.body];
    while (
      pages.at(-1).nextCursor &&
      !pages.flatMap((page) => page.items).some((item: { userId: string }) => item.userId === user.id)
    )
      pages.push(
        (
          await admin.call(
            'GET',
            `/v1/admin/subscriptions?status=active&plan=plus&limit=100&cursor=${pages.at(-1).nextCursor}`,
          )
        ).body,
      );
    const items = pages.flatMap((page) => page.items) as Array<{
      userId: string;
      status: string;
      plan: { slug: string };
    }>;
    expect(items.find((item) => item.userId === user.id)).toMatchObject({
      status: 'active',
      plan: { slug: 'plus' },
    });
    expect(items.every((item) => item.status === 'active' && item.plan.slug === 'plus')).toBe(true);
    const firstPage = await admin.call('GET', '/v1/admin/subscriptions?limit=1');
    expect(firstPage.body.items).toHaveLength(1);
    const secondPage = await admin.call(
      'GET',
      `/v1/admin/subscriptions?limit=1&cursor=${firstPage.body.nextCursor}`,
    );
    expect(secondPage.body.items[0].userId > firstPage.body.items[0].userId).toBe(true);

    const paidBefore = (await payments(user.id)).length;
    const renewed = await admin.call('PATCH', `/v1/admin/subscriptions/${user.id}`, {
      body: { action: 'renew' },
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ userId: user.id, status: 'active', plan: { slug: 'plus' } });
    // The forced period starts when forced, off the grid of due renewals (which start at the previous end).
    const periodEnds = (await db('billing.subscription_history').where({ user_id: user.id })).map(
      (row: { period_end: Date }) => row.period_end.toISOString(),
    );
    expect(periodEnds).toContain(renewed.body.currentPeriodEnd);
    expect(Date.parse(renewed.body.currentPeriodEnd) - Date.parse(renewed.body.currentPeriodStart)).toBe(
      PERIOD_SECONDS * 1000,
    );
    const paidAfter = await payments(user.id);
    expect(paidAfter.length).toBeGreaterThan(paidBefore);
    expect(paidAfter.at(-1)).toMatchObject({ amount_cents: 499, outcome: 'succeeded' });

    const expired = await admin.call('PATCH', `/v1/admin/subscriptions/${user.id}`, {
      body: { action: 'expire' },
    });
    expect(expired.status).toBe(200);
    expect(expired.body).toMatchObject({ status: 'expired', nextCharge: null });
    expect(await planOfMe(user)).toBe('free');
  });
});
