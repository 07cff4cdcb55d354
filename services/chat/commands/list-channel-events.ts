import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { requireMember } from '../membership';
import { chatStore } from '../store';

export const DEFAULT_EVENTS_PAGE = 500;
export const MAX_EVENTS_PAGE = 1000;

/**
 * Catch-up: the channel's events after `afterSeq`, oldest first, each the
 * very bytes that went to Kafka, for a member reconnecting after its last
 * seq. A page is contiguous in seq (seqs have no gaps), so asking again
 * after the last one answered misses nothing.
 */
export async function listChannelEvents(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  afterSeq: bigint;
  limit: number;
}): Promise<{ events: Buffer[]; more: boolean }> {
  const { deps, userId, channelId } = props;
  const limit = props.limit === 0 ? DEFAULT_EVENTS_PAGE : props.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_PAGE)
    throw CHAT_ERRORS.invalid('query.limit', `must be 1-${MAX_EVENTS_PAGE}`);
  if (props.afterSeq < 0n) throw CHAT_ERRORS.invalid('query.afterSeq', 'must be 0 or more');
  await requireMember(deps.db, channelId, userId);
  const rows = await chatStore.listChannelEvents(deps.db, channelId, props.afterSeq, limit + 1);
  return { events: rows.slice(0, limit).map((row) => row.event), more: rows.length > limit };
}
