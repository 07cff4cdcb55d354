import type { Database, Transaction } from '../internal/db';
import { runStatement, statement } from '../internal/prepared-statements';
import type { OutboxRow } from '../internal/outbox/outbox';
import { outboxChannel } from '../internal/outbox/outbox-wakeup';

export type ChannelType = 'direct' | 'group';
export type MemberRole = 'owner' | 'member';

export interface ChannelRow {
  id: string;
  type: ChannelType;
  name: string | null;
  direct_low: string | null;
  direct_high: string | null;
  created_by: string;
  /** int8 columns arrive from pg as strings. */
  last_seq: string;
  last_message_at: Date | null;
  created_at: Date;
}

export interface MemberRow {
  channel_id: string;
  user_id: string;
  role: MemberRole;
  read_seq: string;
  joined_at: Date;
}

export interface MessageRow {
  id: string;
  channel_id: string;
  seq: string;
  sender_id: string;
  body: string | null;
  mentioned_user_ids: string[];
  client_message_id: string | null;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

export interface AttachmentRow {
  message_id: string;
  file_id: string;
  owner_id: string;
  name: string;
  size: string;
  content_type: string;
  position: number;
}

type Db = Database | Transaction;

/** What a post learns under the channel lock (chatStore.takePostTurn). */
export interface PostTurn {
  channel_type: ChannelType;
  /** int8 arrives from pg as a string. */
  taken_seq: string;
  member_ids: string[];
  earlier_message_id: string | null;
}

/** What chat.post_message_if_current answers (migrations/20261202060000_chat_post_if_current_function.ts, 20261202150000_…_checks_before_locking.ts). */
export interface PostAttempt {
  outcome: 'posted' | 'not_found' | 'earlier' | 'changed';
  channel_type: ChannelType | null;
  /** int8 arrives from pg as a string. */
  last_seq: string | null;
  member_ids: string[] | null;
  earlier_message_id: string | null;
}

const POST_MESSAGE_IF_CURRENT = statement(
  'SELECT * FROM chat.post_message_if_current($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)',
);

// The post path's two statements are prepared: parsed once per connection,
// and sent without knex's builder (docs/decisions.md, "Prepared statements").
const TAKE_POST_TURN = statement('SELECT * FROM chat.take_post_turn($1, $2, $3, $4)');
const INSERT_POSTED_MESSAGE = statement(
  `WITH message AS (
     INSERT INTO chat.messages
       (id, channel_id, seq, sender_id, body, mentioned_user_ids, client_message_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8)
   ), channel_event AS (
     INSERT INTO chat.channel_events (channel_id, seq, event_type, event) VALUES ($9, $10, $11, $12)
   ), outbox AS (
     INSERT INTO chat.outbox (id, topic, key, event_type, payload, trace_parent)
     VALUES ($13, $14, $15, $16, $17, $18)
   )
   SELECT pg_notify($19, '')`,
);

const channels = (db: Db) => db.withSchema('chat').table('channels');
const members = (db: Db) => db.withSchema('chat').table('members');
const messages = (db: Db) => db.withSchema('chat').table('messages');
const attachments = (db: Db) => db.withSchema('chat').table('attachments');

/** Queries on the chat schema; commands own the rules and the transactions. */
export const chatStore = {
  async findChannel(db: Db, channelId: string): Promise<ChannelRow | undefined> {
    return (await channels(db).where({ id: channelId }).first()) as ChannelRow | undefined;
  },

  /**
   * Locks the channel row until the transaction ends: every change of a
   * channel starts here, so its writers run one at a time, in seq order.
   */
  async lockChannel(trx: Transaction, channelId: string): Promise<ChannelRow | undefined> {
    return (await channels(trx).where({ id: channelId }).forUpdate().first()) as ChannelRow | undefined;
  },

  /** The channel's next event seq (the row must be locked by this transaction, or is locked now). */
  async takeNextSeq(trx: Transaction, channelId: string, messageAt?: Date): Promise<bigint> {
    const result = await trx.raw<{ rows: Array<Pick<ChannelRow, 'last_seq'>> }>(
      `UPDATE chat.channels SET last_seq = last_seq + 1,
              last_message_at = coalesce(?::timestamptz, last_message_at)
        WHERE id = ? RETURNING last_seq`,
      [messageAt ?? null, channelId],
    );
    return BigInt(result.rows[0]!.last_seq);
  },

  /**
   * A post's first round trip, under the channel lock until the transaction
   * ends (migrations/20261201200000_chat_post_turn_function.ts): the
   * channel's next seq, its members in join order read after the lock, and
   * the sender's earlier post with this client id, if any. Undefined when
   * there is no such channel.
   */
  async takePostTurn(
    trx: Transaction,
    channelId: string,
    senderId: string,
    clientMessageId: string | null,
    messageAt: Date,
  ): Promise<PostTurn | undefined> {
    const [turn] = await runStatement<PostTurn>(trx, TAKE_POST_TURN, [
      channelId,
      senderId,
      clientMessageId,
      messageAt,
    ]);
    return turn;
  },

  /**
   * Writes a post built for the seq and members it expects, in one statement
   * that is its own transaction, only if the channel is still in that state
   * under its lock; otherwise writes nothing and answers the current state.
   * Given only the channel and sender, it writes nothing and answers the state.
   */
  async postMessageIfCurrent(
    db: Database,
    post:
      | {
          message: Omit<MessageRow, 'edited_at' | 'deleted_at'>;
          expectedMemberIds: string[];
          outbox: OutboxRow;
        }
      | { channelId: string; senderId: string; clientMessageId: string | null },
  ): Promise<PostAttempt> {
    const values =
      'message' in post
        ? [
            post.message.channel_id,
            post.message.sender_id,
            post.message.client_message_id,
            post.message.created_at,
            post.message.seq,
            post.expectedMemberIds,
            post.message.id,
            post.message.body,
            post.message.mentioned_user_ids,
            post.outbox.event_type,
            post.outbox.payload,
            post.outbox.id,
            post.outbox.topic,
            post.outbox.key,
            post.outbox.trace_parent,
            outboxChannel('chat'),
          ]
        : [post.channelId, post.senderId, post.clientMessageId, ...Array<null>(13).fill(null)];
    const [attempt] = await runStatement<PostAttempt>(db, POST_MESSAGE_IF_CURRENT, values);
    return attempt!;
  },

  /**
   * A post's writes in one statement: the message, its channel event, the
   * event's outbox row and the relay's wake-up (delivered on commit).
   */
  async insertPostedMessage(
    trx: Transaction,
    message: Omit<MessageRow, 'edited_at' | 'deleted_at'>,
    channelEvent: { channel_id: string; seq: bigint; event_type: string; event: Buffer },
    outbox: OutboxRow,
  ): Promise<void> {
    await runStatement(trx, INSERT_POSTED_MESSAGE, [
      message.id,
      message.channel_id,
      message.seq,
      message.sender_id,
      message.body,
      message.mentioned_user_ids,
      message.client_message_id,
      message.created_at,
      channelEvent.channel_id,
      channelEvent.seq.toString(),
      channelEvent.event_type,
      channelEvent.event,
      outbox.id,
      outbox.topic,
      outbox.key,
      outbox.event_type,
      outbox.payload,
      outbox.trace_parent,
      outboxChannel('chat'),
    ]);
  },

  async insertChannel(
    trx: Transaction,
    row: Omit<ChannelRow, 'last_seq' | 'last_message_at' | 'created_at'>,
  ) {
    await channels(trx).insert(row);
  },

  /** Inserts a direct channel unless the pair has one; answers whether it inserted. */
  async insertDirectChannel(
    trx: Transaction,
    row: Pick<ChannelRow, 'id' | 'direct_low' | 'direct_high' | 'created_by'>,
  ): Promise<boolean> {
    const result = await trx.raw<{ rows: unknown[] }>(
      `INSERT INTO chat.channels (id, type, direct_low, direct_high, created_by)
       VALUES (?, 'direct', ?, ?, ?)
       ON CONFLICT (direct_low, direct_high) WHERE type = 'direct' DO NOTHING
       RETURNING id`,
      [row.id, row.direct_low, row.direct_high, row.created_by],
    );
    return result.rows.length === 1;
  },

  async findDirectChannel(db: Db, low: string, high: string): Promise<ChannelRow | undefined> {
    return (await channels(db).where({ type: 'direct', direct_low: low, direct_high: high }).first()) as
      ChannelRow | undefined;
  },

  async listMembers(db: Db, channelId: string): Promise<MemberRow[]> {
    return (await members(db)
      .where({ channel_id: channelId })
      .orderBy([{ column: 'joined_at' }, { column: 'user_id' }])) as MemberRow[];
  },

  async listMembersOf(db: Db, channelIds: string[]): Promise<MemberRow[]> {
    if (channelIds.length === 0) return [];
    return (await members(db)
      .whereIn('channel_id', channelIds)
      .orderBy([{ column: 'joined_at' }, { column: 'user_id' }])) as MemberRow[];
  },

  async findMember(db: Db, channelId: string, userId: string): Promise<MemberRow | undefined> {
    return (await members(db).where({ channel_id: channelId, user_id: userId }).first()) as
      MemberRow | undefined;
  },

  /** Inserts the members not in the channel yet; answers the user ids it added. */
  async addMembers(
    trx: Transaction,
    channelId: string,
    rows: Array<{ user_id: string; role: MemberRole }>,
  ): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted: Array<{ user_id: string }> = await members(trx)
      .insert(rows.map((row) => ({ ...row, channel_id: channelId })))
      .onConflict(['channel_id', 'user_id'])
      .ignore()
      .returning('user_id');
    return inserted.map((row) => row.user_id);
  },

  async removeMember(trx: Transaction, channelId: string, userId: string): Promise<void> {
    await members(trx).where({ channel_id: channelId, user_id: userId }).delete();
  },

  async setRole(trx: Transaction, channelId: string, userId: string, role: MemberRole): Promise<void> {
    await members(trx).where({ channel_id: channelId, user_id: userId }).update({ role });
  },

  async setReadSeq(trx: Transaction, channelId: string, userId: string, readSeq: bigint): Promise<void> {
    await members(trx)
      .where({ channel_id: channelId, user_id: userId })
      .update({ read_seq: readSeq.toString() });
  },

  async memberChannelIds(db: Db, userId: string): Promise<string[]> {
    const rows: Array<{ channel_id: string }> = await members(db)
      .where({ user_id: userId })
      .select('channel_id');
    return rows.map((row) => row.channel_id);
  },

  /** The user's channels with their read position and unread count, newest activity first. */
  async listUserChannels(
    db: Db,
    userId: string,
  ): Promise<Array<ChannelRow & { read_seq: string; unread_count: string }>> {
    const result = await db.raw<{ rows: Array<ChannelRow & { read_seq: string; unread_count: string }> }>(
      `SELECT c.*, m.read_seq,
              (SELECT count(*) FROM chat.messages x
                WHERE x.channel_id = c.id AND x.seq > m.read_seq
                  AND x.sender_id <> m.user_id AND x.deleted_at IS NULL) AS unread_count
         FROM chat.members m JOIN chat.channels c ON c.id = m.channel_id
        WHERE m.user_id = ?
        ORDER BY coalesce(c.last_message_at, c.created_at) DESC, c.id`,
      [userId],
    );
    return result.rows;
  },

  /** The newest message of each channel. */
  async lastMessages(db: Db, channelIds: string[]): Promise<MessageRow[]> {
    if (channelIds.length === 0) return [];
    const result = await db.raw<{ rows: MessageRow[] }>(
      `SELECT DISTINCT ON (channel_id) * FROM chat.messages
        WHERE channel_id = ANY(?::uuid[]) ORDER BY channel_id, seq DESC`,
      [channelIds],
    );
    return result.rows;
  },

  async findMessage(db: Db, channelId: string, messageId: string): Promise<MessageRow | undefined> {
    return (await messages(db).where({ channel_id: channelId, id: messageId }).first()) as
      MessageRow | undefined;
  },

  async findByClientId(
    db: Db,
    channelId: string,
    senderId: string,
    clientMessageId: string,
  ): Promise<MessageRow | undefined> {
    return (await messages(db)
      .where({ channel_id: channelId, sender_id: senderId, client_message_id: clientMessageId })
      .first()) as MessageRow | undefined;
  },

  async insertMessage(trx: Transaction, row: Omit<MessageRow, 'edited_at' | 'deleted_at'>): Promise<void> {
    await messages(trx).insert(row);
  },

  async updateMessage(
    trx: Transaction,
    messageId: string,
    changes: Partial<Pick<MessageRow, 'body' | 'mentioned_user_ids' | 'edited_at' | 'deleted_at'>>,
  ): Promise<MessageRow> {
    const [row] = (await messages(trx).where({ id: messageId }).update(changes, '*')) as MessageRow[];
    return row!;
  },

  /** A page of history, newest first, strictly before `beforeSeq` when given. */
  async listMessages(db: Db, channelId: string, beforeSeq: string | undefined, limit: number) {
    const query = messages(db).where({ channel_id: channelId });
    if (beforeSeq !== undefined) query.andWhere('seq', '<', beforeSeq);
    return (await query.orderBy('seq', 'desc').limit(limit)) as MessageRow[];
  },

  async insertAttachments(trx: Transaction, rows: AttachmentRow[]): Promise<void> {
    if (rows.length > 0) await attachments(trx).insert(rows);
  },

  async deleteAttachments(trx: Transaction, messageId: string): Promise<void> {
    await attachments(trx).where({ message_id: messageId }).delete();
  },

  /** Channels where the user is a member or sent a message (even one deleted since): what account.deleted visits. */
  async channelsTouchedBy(db: Db, userId: string): Promise<string[]> {
    const result = await db.raw<{ rows: Array<{ channel_id: string }> }>(
      `SELECT channel_id FROM chat.members WHERE user_id = ?
       UNION
       SELECT DISTINCT channel_id FROM chat.messages WHERE sender_id = ?`,
      [userId, userId],
    );
    return result.rows.map((row) => row.channel_id);
  },

  /** The sender's messages of the channel not deleted yet, oldest first (the channel must be locked). */
  async undeletedMessagesOf(trx: Transaction, channelId: string, senderId: string): Promise<MessageRow[]> {
    return (await messages(trx)
      .where({ channel_id: channelId, sender_id: senderId })
      .whereNull('deleted_at')
      .orderBy('seq')) as MessageRow[];
  },

  async attachmentsOf(db: Db, messageIds: string[]): Promise<AttachmentRow[]> {
    if (messageIds.length === 0) return [];
    return (await attachments(db)
      .whereIn('message_id', messageIds)
      .orderBy([{ column: 'message_id' }, { column: 'position' }])) as AttachmentRow[];
  },

  async findAttachment(db: Db, messageId: string, fileId: string): Promise<AttachmentRow | undefined> {
    return (await attachments(db).where({ message_id: messageId, file_id: fileId }).first()) as
      AttachmentRow | undefined;
  },

  async insertChannelEvent(
    trx: Transaction,
    row: { channel_id: string; seq: bigint; event_type: string; event: Buffer },
  ): Promise<void> {
    await trx
      .withSchema('chat')
      .table('channel_events')
      .insert({ ...row, seq: row.seq.toString() });
  },

  async listChannelEvents(
    db: Db,
    channelId: string,
    afterSeq: bigint,
    limit: number,
  ): Promise<Array<{ seq: string; event: Buffer }>> {
    return db
      .withSchema('chat')
      .table('channel_events')
      .where({ channel_id: channelId })
      .andWhere('seq', '>', afterSeq.toString())
      .orderBy('seq')
      .limit(limit)
      .select('seq', 'event');
  },

  /** Messages posted per UTC day over the last `days` days, today included, zero days too. */
  async messagesPerDay(db: Db, days: number): Promise<Array<{ day: string; count: string }>> {
    const result = await db.raw<{ rows: Array<{ day: string; count: string }> }>(
      `WITH bounds AS (SELECT (now() AT TIME ZONE 'UTC')::date AS today)
       SELECT to_char(d.day, 'YYYY-MM-DD') AS day, count(m.id) AS count
         FROM bounds,
              generate_series(bounds.today - (?::int - 1), bounds.today, interval '1 day') AS d(day)
         LEFT JOIN chat.messages m
           ON m.created_at >= d.day AT TIME ZONE 'UTC'
          AND m.created_at < (d.day + interval '1 day') AT TIME ZONE 'UTC'
        GROUP BY d.day ORDER BY d.day`,
      [days],
    );
    return result.rows;
  },
};
