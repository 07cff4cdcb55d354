import type { Database, Transaction } from '../internal/db';
import { runStatement, statement } from '../internal/prepared-statements';
import type { ChannelLevel } from './levels';

type Queryable = Database | Transaction;

export interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  subject_id: string;
  data: Record<string, unknown> | null;
  source_event_id: string;
  created_at: Date;
  read_at: Date | null;
}

export interface NotificationFilter {
  userId: string;
  unreadOnly: boolean;
  /** Keyset: notifications strictly older than this one (created_at, id). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

const table = (db: Queryable, name: string) => db.withSchema('notifications').table(name);

// Read for every chat message posted (the chat-events consumer): prepared,
// one text whatever the number of members.
// Pairs as two arrays of equal length: one text for any number of them.
const LEVELS_OF_MEMBERS = statement(
  `SELECT l.channel_id, l.user_id, l.level
     FROM unnest($1::uuid[], $2::uuid[]) AS member(channel_id, user_id)
     JOIN notifications.channel_levels l USING (user_id, channel_id)`,
);

/** The key of one member's level in `levelsOfMembers`' answer. */
export const levelKey = (channelId: string, userId: string): string => `${channelId} ${userId}`;

export const notificationsStore = {
  /**
   * Claims an event for a consumer; false when it was handled before. Called
   * first in the transaction that stores the event's notifications, so a
   * redelivery either finds the claim (and everything it wrote) or neither.
   */
  async claimEvent(trx: Transaction, consumer: string, eventId: string): Promise<boolean> {
    const inserted = await table(trx, 'processed_events')
      .insert({ consumer, event_id: eventId })
      .onConflict(['consumer', 'event_id'])
      .ignore()
      .returning('event_id');
    return inserted.length > 0;
  },

  async insertNotifications(trx: Transaction, rows: NotificationRow[]): Promise<void> {
    if (rows.length > 0) await table(trx, 'notifications').insert(rows);
  },

  /** The users among `userIds` whose account was deleted: nothing is stored for them any more. */
  async deletedAmong(db: Queryable, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const ids = await table(db, 'deleted_users').whereIn('user_id', userIds).pluck<string[]>('user_id');
    return new Set(ids);
  },

  /** Newest first; the partial index serves the unread filter. */
  async list(db: Queryable, filter: NotificationFilter): Promise<NotificationRow[]> {
    const query = table(db, 'notifications').select('*').where({ user_id: filter.userId });
    if (filter.unreadOnly) query.whereNull('read_at');
    if (filter.before)
      query.whereRaw('(created_at, id) < (?, ?)', [filter.before.createdAt, filter.before.id]);
    return (await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit)) as NotificationRow[];
  },

  /** Marks one of the user's notifications read (keeping the first read time); false when the user has no such notification. */
  async markRead(db: Queryable, userId: string, id: string): Promise<boolean> {
    const found = await table(db, 'notifications')
      .where({ id, user_id: userId })
      .update({ read_at: db.raw('COALESCE(read_at, now())') })
      .returning('id');
    return found.length > 0;
  },

  async markAllRead(db: Queryable, userId: string): Promise<number> {
    return table(db, 'notifications')
      .where({ user_id: userId })
      .whereNull('read_at')
      .update({ read_at: db.fn.now() });
  },

  async setLevel(db: Queryable, userId: string, channelId: string, level: ChannelLevel): Promise<void> {
    await table(db, 'channel_levels')
      .insert({ user_id: userId, channel_id: channelId, level, updated_at: db.fn.now() })
      .onConflict(['user_id', 'channel_id'])
      .merge(['level', 'updated_at']);
  },

  /**
   * The levels set for any of `members` (channel and user pairs), by
   * `levelKey(channelId, userId)`; pairs without one are absent.
   */
  async levelsOfMembers(
    db: Queryable,
    members: ReadonlyArray<{ channelId: string; userId: string }>,
  ): Promise<Map<string, ChannelLevel>> {
    if (members.length === 0) return new Map();
    const rows = await runStatement<{ channel_id: string; user_id: string; level: ChannelLevel }>(
      db,
      LEVELS_OF_MEMBERS,
      [members.map((member) => member.channelId), members.map((member) => member.userId)],
    );
    return new Map(rows.map((row) => [levelKey(row.channel_id, row.user_id), row.level]));
  },

  /** One user's levels for `channelIds`; channels without one are absent. */
  async levelsOfUser(
    db: Queryable,
    userId: string,
    channelIds: string[],
  ): Promise<Map<string, ChannelLevel>> {
    if (channelIds.length === 0) return new Map();
    const rows = await table(db, 'channel_levels')
      .where({ user_id: userId })
      .whereIn('channel_id', channelIds)
      .select<Array<{ channel_id: string; level: ChannelLevel }>>('channel_id', 'level');
    return new Map(rows.map((row) => [row.channel_id, row.level]));
  },

  /** Forgets claims older than `before`; returns how many. */
  async pruneProcessedEvents(db: Queryable, before: Date): Promise<number> {
    return table(db, 'processed_events').where('processed_at', '<', before).delete();
  },

  /** Everything kept about a deleted account, and a tombstone so a late event stores nothing for it. */
  async forgetUser(trx: Transaction, userId: string): Promise<{ notifications: number }> {
    await table(trx, 'deleted_users').insert({ user_id: userId }).onConflict('user_id').ignore();
    const notifications = await table(trx, 'notifications').where({ user_id: userId }).delete();
    await table(trx, 'channel_levels').where({ user_id: userId }).delete();
    return { notifications };
  },
};
