import type { ChatMessage } from '../../../proto/gen/events/v1/events_pb.js';
import type { Event } from './events';

/** A message posted, edited or deleted: the message as it is now and the channel's members then. */
export interface MessageEvent {
  message: ChatMessage;
  memberIds: string[];
}

/** The message event this is (posted, edited, deleted); undefined for any other event or one without its message. */
export function messageEventOf(event: Event): MessageEvent | undefined {
  const { payload } = event;
  if (
    payload.case !== 'messagePosted' &&
    payload.case !== 'messageEdited' &&
    payload.case !== 'messageDeleted'
  )
    return undefined;
  const { message, memberIds } = payload.value;
  return message ? { message, memberIds } : undefined;
}

/**
 * Where a channel event leaves its channel: every channel event takes the
 * channel's next seq and names the members at that seq (proto/events/v1).
 * Undefined for an event of no channel.
 */
export function channelPositionOf(
  event: Event,
): { channelId: string; seq: bigint; memberIds: string[] } | undefined {
  const messageEvent = messageEventOf(event);
  if (messageEvent) {
    const { message, memberIds } = messageEvent;
    return { channelId: message.channelId, seq: message.seq, memberIds };
  }
  const { payload } = event;
  if (payload.case !== 'channelRead' && payload.case !== 'channelMembersChanged') return undefined;
  const { channelId, seq, memberIds } = payload.value;
  return { channelId, seq, memberIds };
}
