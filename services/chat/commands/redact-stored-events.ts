import type { Transaction } from '../../internal/db';
import { decodeEvent, encodeEvent, EVENT_TYPES } from '../../internal/kafka/events';

// The stored events that carry a message's body, mentions and attachments.
const MESSAGE_CONTENT_EVENTS = [EVENT_TYPES.messagePosted, EVENT_TYPES.messageEdited];

/**
 * A deleted account's messages as chat.channel_events keeps them for
 * catch-up: the message.created and message.updated events of the user's
 * messages lose their body, mentions and attachments (same id, seq and
 * type), so no member catching up reads what the user wrote. The one
 * exception to "catch-up answers the very bytes sent to Kafka": Kafka keeps
 * its copy only for the topic's retention. The channel must be locked.
 * Answers how many events were redacted; those already redacted are skipped.
 */
export async function redactStoredMessageEvents(
  trx: Transaction,
  channelId: string,
  senderId: string,
): Promise<number> {
  const rows: Array<{ seq: string; event: Buffer }> = await trx
    .withSchema('chat')
    .table('channel_events')
    .where({ channel_id: channelId })
    .whereIn('event_type', MESSAGE_CONTENT_EVENTS)
    .select('seq', 'event');
  let redacted = 0;
  for (const row of rows) {
    const event = decodeEvent(row.event);
    const payload = event.payload;
    if (payload.case !== 'messagePosted' && payload.case !== 'messageEdited') continue;
    const message = payload.value.message;
    if (!message || message.senderId !== senderId) continue;
    if (!message.body && message.mentionedUserIds.length === 0 && message.attachmentFileIds.length === 0)
      continue;
    message.body = '';
    message.mentionedUserIds = [];
    message.attachmentFileIds = [];
    await trx
      .withSchema('chat')
      .table('channel_events')
      .where({ channel_id: channelId, seq: row.seq })
      .update({ event: encodeEvent(event) });
    redacted += 1;
  }
  return redacted;
}
