import type { Knex } from 'knex';

// chat.post_message_if_current answers a stale guess without taking the
// channel's lock. Under load most stale guesses come from posts racing for
// the same channel, and the lock they took only to answer "changed" made
// each of them a write: a row lock is a WAL record, gives the call a
// transaction id, and so a commit that waits for the WAL flush. Now the
// guess's seq is compared with the channel's last seq as read without a
// lock first; only a guess that can still be current takes the lock, where
// the function of 20261202060000 (renamed post_message_under_lock) checks
// everything again and writes. What a stale call answers is the state as
// read then: a guess for the next call, which that one checks under the lock.
const ARGUMENTS = `uuid, uuid, uuid, timestamptz, bigint, uuid[], uuid, text, uuid[], text, bytea, uuid, text, text, text, text`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `ALTER FUNCTION chat.post_message_if_current(${ARGUMENTS}) RENAME TO post_message_under_lock`,
  );
  await knex.raw(`
    CREATE FUNCTION chat.post_message_if_current(
      p_channel_id uuid, p_sender_id uuid, p_client_message_id uuid, p_message_at timestamptz,
      p_expected_seq bigint, p_expected_member_ids uuid[],
      p_message_id uuid, p_body text, p_mentioned_user_ids uuid[],
      p_event_type text, p_event bytea,
      p_outbox_id uuid, p_topic text, p_event_key text, p_trace_parent text, p_notify_channel text)
    RETURNS TABLE (outcome text, channel_type text, last_seq bigint, member_ids uuid[], earlier_message_id uuid)
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      SELECT c.type, c.last_seq INTO channel_type, last_seq
        FROM chat.channels c WHERE c.id = p_channel_id;
      IF NOT FOUND THEN
        outcome := 'not_found';
        RETURN NEXT;
        RETURN;
      END IF;
      IF p_expected_seq IS DISTINCT FROM last_seq + 1 THEN
        SELECT coalesce(array_agg(m.user_id ORDER BY m.joined_at, m.user_id), '{}')
          INTO member_ids
          FROM chat.members m
         WHERE m.channel_id = p_channel_id;
        outcome := 'changed';
        RETURN NEXT;
        RETURN;
      END IF;
      RETURN QUERY SELECT * FROM chat.post_message_under_lock(
        p_channel_id, p_sender_id, p_client_message_id, p_message_at, p_expected_seq, p_expected_member_ids,
        p_message_id, p_body, p_mentioned_user_ids, p_event_type, p_event,
        p_outbox_id, p_topic, p_event_key, p_trace_parent, p_notify_channel);
    END
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP FUNCTION chat.post_message_if_current(${ARGUMENTS})`);
  await knex.raw(
    `ALTER FUNCTION chat.post_message_under_lock(${ARGUMENTS}) RENAME TO post_message_if_current`,
  );
}
