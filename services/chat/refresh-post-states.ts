import { channelPositionOf } from '../internal/kafka/channel-events';
import type { Event } from '../internal/kafka/events';
import type { ChannelPostStates } from './channel-post-states';

/**
 * Moves this process's guess of a channel on when it hears the channel's
 * event (chat.events, through the process's own gateway): every channel
 * event takes the channel's next seq and names its members then, so a post
 * made here after another process's post is built on the current seq and
 * needs one round trip, not a stale one and a second.
 */
export function refreshPostStates(states: ChannelPostStates, event: Event): void {
  const position = channelPositionOf(event);
  if (position) states.refresh(position.channelId, position.seq, position.memberIds);
}
