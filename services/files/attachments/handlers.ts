import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { FileAttachmentsService } from '../../../proto/gen/files/v1/attachments_pb.js';
import { isUserId as isUuid } from '../../internal/user-id';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { attachmentDownloadUrl } from './attachment-download-url';
import { checkAttachment } from './check-attachment';

// gRPC <-> attachment commands, for the chat service (docs/messaging.md#attachments).
export function createFileAttachmentHandlers(deps: FilesDeps): ServiceImpl<typeof FileAttachmentsService> {
  const requireIds = (...ids: string[]) => {
    if (!ids.every(isUuid)) throw FILES_ERRORS.fileNotFound();
  };
  return {
    async checkAttachment(request) {
      requireIds(request.userId, request.fileId);
      const file = await checkAttachment({ deps, userId: request.userId, fileId: request.fileId });
      return {
        ownerId: file.owner_id,
        name: file.name,
        size: BigInt(file.size),
        contentType: file.content_type,
      };
    },
    async getAttachmentDownloadUrl(request) {
      requireIds(request.ownerId, request.fileId);
      const { url, expiresAt } = await attachmentDownloadUrl({
        deps,
        ownerId: request.ownerId,
        fileId: request.fileId,
      });
      return { url, expiresAt: timestampFromDate(expiresAt) };
    },
  };
}
