import { isUserId as isUuid } from '../../internal/user-id';
import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { requireMember } from '../membership';
import { attachmentsByMessage } from '../messages';
import { chatStore, type AttachmentRow, type MessageRow } from '../store';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 100;

/**
 * History newest first, by seq (the order the channel's events took). The
 * cursor is a message id: the next page is what came strictly before it,
 * so messages posted meanwhile never shift a page.
 */
export async function listMessages(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  beforeMessageId: string;
  limit: number;
}): Promise<{ messages: MessageRow[]; attachments: Map<string, AttachmentRow[]>; nextBefore: string }> {
  const { deps, userId, channelId } = props;
  const limit = props.limit === 0 ? DEFAULT_PAGE : props.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw CHAT_ERRORS.invalid('query.limit', `must be 1-${MAX_PAGE}`);
  await requireMember(deps.db, channelId, userId);
  let beforeSeq: string | undefined;
  if (props.beforeMessageId) {
    const before = isUuid(props.beforeMessageId)
      ? await chatStore.findMessage(deps.db, channelId, props.beforeMessageId)
      : undefined;
    if (!before) throw CHAT_ERRORS.invalid('query.before', 'not a message of this channel');
    beforeSeq = before.seq;
  }
  const rows = await chatStore.listMessages(deps.db, channelId, beforeSeq, limit + 1);
  const page = rows.slice(0, limit);
  const attachments = attachmentsByMessage(
    await chatStore.attachmentsOf(
      deps.db,
      page.map((m) => m.id),
    ),
  );
  return {
    messages: page,
    attachments,
    nextBefore: rows.length > limit ? page[page.length - 1]!.id : '',
  };
}
