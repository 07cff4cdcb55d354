import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { FilesService } from '../../../proto/gen/files/v1/files_pb.js';
import type { ItemKind } from '../access/resolve-role';
import type { FilesDeps } from '../deps';
import { fileMessage, folderMessage } from '../item-messages';
import { createShare } from './create-share';
import { listShares } from './list-shares';
import { listSharedWithMe, type SharedItem } from './list-shared-with-me';
import { revokeShare } from './revoke-share';
import { SHARE_ERRORS } from './share-errors';
import type { ShareRow } from './shares-store';

type ShareHandlers = Pick<
  ServiceImpl<typeof FilesService>,
  'createShare' | 'listShares' | 'revokeShare' | 'listSharedWithMe'
>;

const itemKind = (value: string): ItemKind => {
  if (value !== 'file' && value !== 'folder') throw SHARE_ERRORS.invalidItemKind();
  return value;
};

// gRPC <-> the share commands, nothing else (spread into createFilesHandlers).
export function createShareHandlers(deps: FilesDeps): ShareHandlers {
  return {
    async createShare(request) {
      const share = await createShare({
        deps,
        userId: request.userId,
        kind: itemKind(request.itemKind),
        itemId: request.itemId,
        email: request.email,
        role: request.role,
      });
      return { share: toShareMessage(share) };
    },
    async listShares(request) {
      const shares = await listShares({
        deps,
        userId: request.userId,
        kind: itemKind(request.itemKind),
        itemId: request.itemId,
      });
      return { shares: shares.map(toShareMessage) };
    },
    async revokeShare(request) {
      await revokeShare({
        deps,
        userId: request.userId,
        kind: itemKind(request.itemKind),
        itemId: request.itemId,
        shareId: request.shareId,
      });
      return {};
    },
    async listSharedWithMe(request) {
      const { items, nextCursor } = await listSharedWithMe({
        deps,
        userId: request.userId,
        kind: request.itemKind ? itemKind(request.itemKind) : undefined,
        query: request.query || undefined,
        sort: request.sort || undefined,
        limit: Math.min(Math.max(request.limit || 50, 1), 100),
        cursor: request.cursor || undefined,
      });
      return { items: items.map(toSharedItemMessage), nextCursor: nextCursor ?? '' };
    },
  };
}

function toShareMessage(share: ShareRow) {
  return {
    id: share.id,
    itemKind: share.item_kind,
    itemId: share.item_id,
    email: share.grantee_email,
    role: share.role,
    createdAt: timestampFromDate(share.created_at),
  };
}

function toSharedItemMessage(item: SharedItem) {
  return {
    role: item.role,
    sharedAt: timestampFromDate(item.sharedAt),
    item: item.file
      ? { case: 'file' as const, value: fileMessage(item.file) }
      : { case: 'folder' as const, value: folderMessage(item.folder!) },
  };
}
