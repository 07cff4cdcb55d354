import type { Timestamp } from '@bufbuild/protobuf/wkt';
import { isUserId as isUuid } from '../../internal/user-id';
import type { ChatDeps } from '../deps';
import { CHAT_ERRORS } from '../errors';
import { requireMember } from '../membership';
import { chatStore } from '../store';

/**
 * A member's download of a file attached to a message: the files service
 * presigns it as the file's owner, because the message is what gives the
 * members read access. A deleted message has no attachments any more.
 */
export async function getAttachmentDownloadUrl(props: {
  deps: ChatDeps;
  userId: string;
  channelId: string;
  messageId: string;
  fileId: string;
}): Promise<{ url: string; expiresAt?: Timestamp }> {
  const { deps, userId, channelId, messageId, fileId } = props;
  await requireMember(deps.db, channelId, userId);
  const message = isUuid(messageId) ? await chatStore.findMessage(deps.db, channelId, messageId) : undefined;
  if (!message) throw CHAT_ERRORS.messageNotFound();
  const attachment = isUuid(fileId) ? await chatStore.findAttachment(deps.db, messageId, fileId) : undefined;
  if (!attachment) throw CHAT_ERRORS.attachmentNotFound();
  const { url, expiresAt } = await deps.fileAttachments.getAttachmentDownloadUrl({
    ownerId: attachment.owner_id,
    fileId: attachment.file_id,
  });
  return { url, expiresAt };
}
