import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { chatStore } from '../store';

/** Messages posted per UTC day (deleted ones too: they were posted), oldest first, zero days included. */
export async function getMessageStats(props: {
  deps: ChatDeps;
  days: number;
}): Promise<Array<{ day: string; count: number }>> {
  if (!Number.isInteger(props.days) || props.days < 1 || props.days > 366)
    throw CHAT_ERRORS.invalid('days', 'must be 1-366');
  const rows = await chatStore.messagesPerDay(props.deps.db, props.days);
  return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
}
