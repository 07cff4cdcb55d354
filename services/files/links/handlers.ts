import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { FilesService } from '../../../proto/gen/files/v1/files_pb.js';
import type { FilesDeps } from '../deps';
import { createLink } from './create-link';
import { isLinkActive, type LinkRow } from './link-store';
import { listLinks } from './list-links';
import { openPublicLink } from './open-public-link';
import { revokeLink } from './revoke-link';

type LinkHandlers = Pick<
  ServiceImpl<typeof FilesService>,
  'createLink' | 'listLinks' | 'revokeLink' | 'openPublicLink'
>;

// gRPC <-> the link commands, nothing else (spread into createFilesHandlers).
export function createLinkHandlers(deps: FilesDeps): LinkHandlers {
  return {
    async createLink(request) {
      const { link, token } = await createLink({
        deps,
        userId: request.userId,
        fileId: request.fileId,
        expiresAt: request.expiresAt ? timestampDate(request.expiresAt) : undefined,
        expiresInSeconds: request.expiresInSeconds,
        maxDownloads: request.maxDownloads,
        password: request.password,
      });
      return { link: toLinkMessage(link), token };
    },
    async listLinks(request) {
      const links = await listLinks({ deps, userId: request.userId, fileId: request.fileId });
      return { links: links.map((link) => toLinkMessage(link)) };
    },
    async revokeLink(request) {
      await revokeLink({ deps, userId: request.userId, fileId: request.fileId, linkId: request.linkId });
      return {};
    },
    async openPublicLink(request) {
      const opened = await openPublicLink({ deps, token: request.token, password: request.password });
      return { ...opened, size: BigInt(opened.size), expiresAt: timestampFromDate(opened.expiresAt) };
    },
  };
}

function toLinkMessage(link: LinkRow) {
  return {
    id: link.id,
    fileId: link.file_id,
    expiresAt: timestampFromDate(link.expires_at),
    maxDownloads: link.max_downloads ?? 0,
    downloads: link.downloads,
    hasPassword: link.password_hash !== null,
    createdAt: timestampFromDate(link.created_at),
    revokedAt: link.revoked_at ? timestampFromDate(link.revoked_at) : undefined,
    active: isLinkActive(link),
  };
}
