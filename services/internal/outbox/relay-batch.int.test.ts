import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import knex from 'knex';
import { ChannelReadSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../kafka/events';
import { TOPICS } from '../kafka/topics';
import { requireTestEnv } from '../testing/require-env';
import { enqueueEvent } from './outbox';
import { openBatch } from './relay-batch';

// The relay's batch on a real Postgres: what it reads, locks and deletes.
describe('an outbox relay batch', () => {
  const env = requireTestEnv(['DATABASE_URL']);
  const db = knex({ client: 'pg', connection: env.DATABASE_URL, pool: { min: 0, max: 4 } });
  const key = randomUUID();

  afterEach(() => db('chat.outbox').where({ key }).delete());
  afterAll(() => db.destroy());

  async function enqueue(count: number): Promise<string[]> {
    for (let seq = 1; seq <= count; seq += 1) {
      const event = newEvent(
        { case: 'channelRead', value: create(ChannelReadSchema, { channelId: key, seq: BigInt(seq) }) },
        key,
      );
      await db.transaction((trx) => enqueueEvent(trx, 'chat', { topic: TOPICS.chatEvents, key, event }));
    }
    return (await db('chat.outbox').where({ key }).orderBy('created_at').pluck('id')) as string[];
  }
  const ours = <Row extends { key: string }>(rows: Row[]) => rows.filter((row) => row.key === key);
  /** The ids another transaction can lock now without waiting (NOWAIT fails on a locked row). */
  const lockableNow = async (ids: string[]) =>
    db.transaction(async (trx) => {
      try {
        await trx('chat.outbox').whereIn('id', ids).forUpdate().noWait();
        return true;
      } catch {
        return false;
      }
    });

  it('reads the rows in write order and locks them; commit deletes only the ids sent', async () => {
    const ids = await enqueue(3);
    const batch = await openBatch(db, 'chat', { ordered: true, size: 200 });
    expect(batch.hasTurn).toBe(true);
    expect(ours(batch.rows).map((row) => row.id)).toEqual(ids);
    expect(Buffer.isBuffer(ours(batch.rows)[0]!.payload)).toBe(true);
    expect(await lockableNow(ids)).toBe(false);

    await batch.commit(ids.slice(0, 2));
    expect(await db('chat.outbox').where({ key }).pluck('id')).toEqual([ids[2]]);
    expect(await lockableNow(ids)).toBe(true);
  });

  it('keeps every row on rollback', async () => {
    const ids = await enqueue(2);
    const batch = await openBatch(db, 'chat', { ordered: true, size: 200 });
    await batch.rollback();
    expect(await db('chat.outbox').where({ key }).orderBy('created_at').pluck('id')).toEqual(ids);
    expect(await lockableNow(ids)).toBe(true);
  });

  it('reads and locks nothing while another process holds an ordered relay’s turn', async () => {
    const ids = await enqueue(2);
    const holder = await db.transaction();
    try {
      await holder.raw('SELECT pg_advisory_xact_lock(hashtext(?))', ['outbox-relay:chat']);
      const batch = await openBatch(db, 'chat', { ordered: true, size: 200 });
      expect({ hasTurn: batch.hasTurn, rows: batch.rows.length }).toEqual({ hasTurn: false, rows: 0 });
      // Rows locked by a relay without the turn would make the holder's SKIP LOCKED pass over them.
      expect(await lockableNow(ids)).toBe(true);
      await batch.rollback();
    } finally {
      await holder.rollback();
    }
  });

  it('refuses to delete an id that is not a row id, and ends its transaction', async () => {
    await enqueue(1);
    const batch = await openBatch(db, 'chat', { ordered: false, size: 200 });
    await expect(batch.commit(["x'); DROP TABLE chat.outbox; --"])).rejects.toThrow('not an outbox row id');
    await batch.rollback();
    expect(await db('chat.outbox').where({ key }).count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('refuses a schema name that is not one', async () => {
    await expect(openBatch(db, 'chat"; --', { ordered: false, size: 200 })).rejects.toThrow(
      'not a schema name',
    );
  });
});
