import type { Knex } from 'knex';

// A post's first round trip (services/chat/commands/post-message.ts): lock
// the channel and take its next seq, then read its members and the sender's
// earlier post with the same client id. Two statements in one call: each
// statement of a plpgsql function takes a new snapshot, so the members are
// read after the lock, as current as the seq (a membership change locks the
// same row first). One round trip fewer while the channel is locked lets the
// channel's next post take its turn sooner.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION chat.take_post_turn(
      p_channel_id uuid, p_sender_id uuid, p_client_message_id uuid, p_message_at timestamptz)
    RETURNS TABLE (channel_type text, taken_seq bigint, member_ids uuid[], earlier_message_id uuid)
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      UPDATE chat.channels c SET last_seq = c.last_seq + 1, last_message_at = p_message_at
       WHERE c.id = p_channel_id
       RETURNING c.type, c.last_seq INTO channel_type, taken_seq;
      IF NOT FOUND THEN
        RETURN;
      END IF;
      SELECT coalesce(array_agg(m.user_id ORDER BY m.joined_at, m.user_id), '{}')
        INTO member_ids
        FROM chat.members m
       WHERE m.channel_id = p_channel_id;
      IF p_client_message_id IS NOT NULL THEN
        SELECT earlier.id INTO earlier_message_id
          FROM chat.messages earlier
         WHERE earlier.channel_id = p_channel_id AND earlier.sender_id = p_sender_id
           AND earlier.client_message_id = p_client_message_id;
      END IF;
      RETURN NEXT;
    END
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION chat.take_post_turn(uuid, uuid, uuid, timestamptz)');
}
