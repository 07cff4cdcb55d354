import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { Kafka, logLevel } from 'kafkajs';
import knex from 'knex';
import { UserSignedUpSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { EventConsumer, type EventHandler } from '../../internal/kafka/consumer';
import { encodeEvent, newEvent, type Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { createLogger } from '../../internal/logger';
import { eventually } from '../../internal/testing/eventually';
import { testKafkaNames } from '../../internal/testing/kafka-names';
import { requireTestEnv } from '../../internal/testing/require-env';
import { createNewUserSubscriptionConsumer } from './new-user-subscription';

describe('the new-user subscription consumer', () => {
  const env = requireTestEnv(['DATABASE_URL', 'KAFKA_BROKERS']);
  const names = testKafkaNames();
  const kafka = new Kafka({
    clientId: 'billing-consumer-test',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const db = knex({ client: 'pg', connection: env.DATABASE_URL });
  const producer = kafka.producer();
  const handled = new Map<string, number>();
  let consumer: EventConsumer;

  beforeAll(async () => {
    await producer.connect();
    const handler = createNewUserSubscriptionConsumer(
      { db, cache: NO_CACHE },
      createLogger({ level: 'silent' }),
    );
    // Counts completed deliveries per event id: the test waits on this very
    // consumer (another app's billing consumer may share the database) and
    // knows a duplicate really arrived twice.
    const counting: EventHandler = {
      name: handler.name,
      topics: handler.topics,
      async handle(event, message) {
        await handler.handle(event, message);
        handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
      },
    };
    // Its own consumer group, so a running app's consumer does not take its partitions.
    consumer = new EventConsumer(
      kafka,
      counting,
      createLogger({ level: 'silent' }),
      names.group(randomUUID()),
      names.topicPrefix,
    );
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer.disconnect();
    await db.destroy();
  });

  const signedUp = (userId: string): Event =>
    newEvent(
      {
        case: 'userSignedUp',
        value: create(UserSignedUpSchema, { userId, email: `${userId}@example.test` }),
      },
      userId,
    );
  // Same key, same partition: once the marker is handled, everything sent before it with that key is too.
  const send = (key: string, events: Event[]) =>
    producer.send({
      topic: names.topic(TOPICS.authEvents),
      messages: events.map((event) => ({ key, value: encodeEvent(event) })),
    });
  const subscriptionsOf = (userId: string) =>
    db
      .withSchema('billing')
      .from('subscriptions')
      .join('plans', 'plans.id', 'subscriptions.plan_id')
      .where({ user_id: userId })
      .select('subscriptions.*', 'plans.slug');
  const handledOnce = (event: Event, what: string) => eventually(async () => handled.get(event.id), what);

  it('gives a new user exactly one active subscription on the free plan, even when user.signed_up arrives twice', async () => {
    const userId = randomUUID();
    const event = signedUp(userId);
    await send(userId, [event]);
    await handledOnce(event, 'the signup event');
    const [first, ...others] = await subscriptionsOf(userId);
    expect(others).toEqual([]);
    expect(first).toMatchObject({ slug: 'free', status: 'active', cancel_at_period_end: false });
    const periodDays = (first.current_period_end.getTime() - first.created_at.getTime()) / 86_400_000;
    // 30 days on the database's calendar: within an hour of 30 × 24 h even across a DST change.
    expect(Math.abs(periodDays - 30)).toBeLessThanOrEqual(1 / 24);

    const marker = signedUp(randomUUID());
    await send(userId, [event, marker]);
    await handledOnce(marker, 'the marker behind the duplicate');

    expect(handled.get(event.id)).toBe(2);
    expect(await subscriptionsOf(userId)).toEqual([first]);
  });

  it('leaves a user who has since changed plan on that plan when the signup is redelivered', async () => {
    const userId = randomUUID();
    const pro = await db
      .withSchema('billing')
      .table('plans')
      .where({ slug: 'pro' })
      .first<{ id: string }>('id');
    await db.withSchema('billing').table('subscriptions').insert({ user_id: userId, plan_id: pro.id });

    const event = signedUp(userId);
    const marker = signedUp(randomUUID());
    await send(userId, [event, marker]);
    await handledOnce(marker, 'the marker behind the redelivered signup');

    expect(handled.get(event.id)).toBe(1);
    expect(await subscriptionsOf(userId)).toEqual([
      expect.objectContaining({ slug: 'pro', status: 'active' }),
    ]);
  });

  it('skips a signup whose user id is not a UUID instead of blocking the partition', async () => {
    const key = randomUUID();
    const malformed = signedUp('not-a-uuid');
    const marker = signedUp(randomUUID());
    await send(key, [malformed, marker]);
    await handledOnce(marker, 'the marker behind the malformed event');
    expect(handled.get(malformed.id)).toBe(1);
    expect(await subscriptionsOf(marker.actorUserId)).toHaveLength(1);
  });
});
