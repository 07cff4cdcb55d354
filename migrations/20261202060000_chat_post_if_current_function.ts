import type { Knex } from 'knex';

// A post in ONE round trip when the poster already knows the channel's state
// (services/chat/commands/post-message.ts): the caller builds the message and
// its event for the seq and members it expects, and this function, under the
// channel's lock, writes them only if the channel is still in that state.
// Otherwise it writes nothing and answers the current state, from which the
// caller builds the post again. Called on its own (no BEGIN/COMMIT around
// it): a single statement is its own transaction, so the lock is held for
// this one call instead of across the transaction's round trips.
//
// outcome: 'posted', 'not_found' (no such channel), 'earlier' (this member
// posted this client id before: earlier_message_id) or 'changed' (nothing
// written; channel_type, last_seq and member_ids are the current state, which
// is also the answer to a sender who is not a member: the caller refuses).
export async function up(knex: Knex): Promise<void> {
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
        FROM chat.channels c WHERE c.id = p_channel_id FOR UPDATE;
      IF NOT FOUND THEN
        outcome := 'not_found';
        RETURN NEXT;
        RETURN;
      END IF;
      -- Read after the lock: a membership change takes the same lock first.
      SELECT coalesce(array_agg(m.user_id ORDER BY m.joined_at, m.user_id), '{}')
        INTO member_ids
        FROM chat.members m
       WHERE m.channel_id = p_channel_id;
      IF NOT (p_sender_id = ANY (member_ids)) THEN
        outcome := 'changed';
        RETURN NEXT;
        RETURN;
      END IF;
      IF p_client_message_id IS NOT NULL THEN
        SELECT earlier.id INTO earlier_message_id
          FROM chat.messages earlier
         WHERE earlier.channel_id = p_channel_id AND earlier.sender_id = p_sender_id
           AND earlier.client_message_id = p_client_message_id;
        IF earlier_message_id IS NOT NULL THEN
          outcome := 'earlier';
          RETURN NEXT;
          RETURN;
        END IF;
      END IF;
      IF p_expected_seq IS DISTINCT FROM last_seq + 1 OR p_expected_member_ids IS DISTINCT FROM member_ids THEN
        outcome := 'changed';
        RETURN NEXT;
        RETURN;
      END IF;
      UPDATE chat.channels c SET last_seq = p_expected_seq, last_message_at = p_message_at
       WHERE c.id = p_channel_id;
      INSERT INTO chat.messages
        (id, channel_id, seq, sender_id, body, mentioned_user_ids, client_message_id, created_at)
        VALUES (p_message_id, p_channel_id, p_expected_seq, p_sender_id, p_body, p_mentioned_user_ids,
                p_client_message_id, p_message_at);
      INSERT INTO chat.channel_events (channel_id, seq, event_type, event)
        VALUES (p_channel_id, p_expected_seq, p_event_type, p_event);
      INSERT INTO chat.outbox (id, topic, key, event_type, payload, trace_parent)
        VALUES (p_outbox_id, p_topic, p_event_key, p_event_type, p_event, p_trace_parent);
      PERFORM pg_notify(p_notify_channel, '');
      outcome := 'posted';
      last_seq := p_expected_seq;
      RETURN NEXT;
    END
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP FUNCTION chat.post_message_if_current(
    uuid, uuid, uuid, timestamptz, bigint, uuid[], uuid, text, uuid[], text, bytea, uuid, text, text, text, text)`);
}
