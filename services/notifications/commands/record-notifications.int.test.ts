import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import knex from 'knex';
import { FileReadySchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { PROCESSED_EVENTS_KEPT_MS, pruneProcessedEvents } from './prune-processed-events';
import { recordNotifications, type NotificationDraft } from './record-notifications';

// Against the real Postgres: what a rebalance can do (two consumers handle
// the same event at once) and how long a claim is kept.
describe('recording an event’s notifications', () => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  const deps = { db };
  afterAll(() => db.destroy());

  const stored = (eventId: string) =>
    db.withSchema('notifications').table('notifications').where({ source_event_id: eventId });
  const draft = (userId: string): NotificationDraft => ({
    userId,
    kind: 'file.ready',
    title: 'File ready',
    body: 'b',
    subjectId: randomUUID(),
  });
  const fileReady = () =>
    newEvent({ case: 'fileReady', value: create(FileReadySchema, { fileId: randomUUID() }) }, '');

  it('stores an event once when two consumers handle it at the same moment (a rebalance)', async () => {
    const users = [randomUUID(), randomUUID(), randomUUID()];
    const event = fileReady();
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        recordNotifications({ deps, consumer: 'test.rebalance', event, drafts: users.map(draft) }),
      ),
    );
    expect(results.sort()).toEqual([0, 0, 0, 3]);
    expect((await stored(event.id)).map((row) => row.user_id as string).sort()).toEqual([...users].sort());
  });

  it('claims per consumer: another consumer of the same event stores its own', async () => {
    const event = fileReady();
    const user = randomUUID();
    expect(await recordNotifications({ deps, consumer: 'test.a', event, drafts: [draft(user)] })).toBe(1);
    expect(await recordNotifications({ deps, consumer: 'test.a', event, drafts: [draft(user)] })).toBe(0);
    const other = randomUUID();
    expect(await recordNotifications({ deps, consumer: 'test.b', event, drafts: [draft(other)] })).toBe(1);
    expect(await stored(event.id)).toHaveLength(2);
  });

  it('stores nothing for a deleted account, and the rest of the event', async () => {
    const gone = randomUUID();
    const kept = randomUUID();
    await db.withSchema('notifications').table('deleted_users').insert({ user_id: gone });
    const event = fileReady();
    expect(
      await recordNotifications({
        deps,
        consumer: 'test.deleted',
        event,
        drafts: [draft(gone), draft(kept)],
      }),
    ).toBe(1);
    expect((await stored(event.id)).map((row) => row.user_id)).toEqual([kept]);
  });

  it('keeps a claim as long as a topic can deliver the event again, then prunes it', async () => {
    const now = new Date();
    const old = randomUUID();
    const recent = randomUUID();
    await db
      .withSchema('notifications')
      .table('processed_events')
      .insert([
        {
          consumer: 'test.prune',
          event_id: old,
          processed_at: new Date(now.getTime() - PROCESSED_EVENTS_KEPT_MS - 1000),
        },
        {
          consumer: 'test.prune',
          event_id: recent,
          processed_at: new Date(now.getTime() - PROCESSED_EVENTS_KEPT_MS + 60_000),
        },
      ]);
    expect(await pruneProcessedEvents({ deps, now })).toBeGreaterThanOrEqual(1);
    const left = await db
      .withSchema('notifications')
      .table('processed_events')
      .where({ consumer: 'test.prune' })
      .whereIn('event_id', [old, recent])
      .pluck('event_id');
    expect(left).toEqual([recent]);
    // Longer than the longest retention of a consumed topic (30 days).
    expect(PROCESSED_EVENTS_KEPT_MS).toBeGreaterThan(30 * 24 * 60 * 60 * 1000);
  });
});
