import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import type { NotificationDraft } from '../commands/record-notifications';
import type { NotificationsDeps } from '../deps';
import { itemName, personName, quoted } from './names';
import { eachOnItsOwn, notifyingConsumer } from './notifying-consumer';

/**
 * files.events → the people they concern: a file that became ready (its
 * owner), a file or folder shared with someone or their role changed (the
 * grantee, when the share reaches an account: `grantee_id`; a share to an
 * address no account verified yet tells nobody now, and its share.claimed,
 * when an account verifies the address, tells that account), a public link created on a file (its
 * owner: a link exposes the file, so the owner hears of it even when an
 * editor made it). Texts name things, never a link's token.
 */
export function createFilesEventsConsumer(deps: NotificationsDeps, logger: Logger): EventHandler {
  return notifyingConsumer({
    name: 'notifications.files-events',
    topics: [TOPICS.filesEvents],
    deps,
    logger,
    draftsFor: eachOnItsOwn((event) => filesEventDrafts(deps, event)),
  });
}

export async function filesEventDrafts(deps: NotificationsDeps, event: Event): Promise<NotificationDraft[]> {
  const { payload } = event;
  switch (payload.case) {
    case 'fileReady': {
      const { fileId, ownerId, version, name } = payload.value;
      return [
        {
          userId: ownerId,
          kind: 'file.ready',
          title: 'File ready',
          body:
            version > 1
              ? `Version ${version} of ${quoted(name, 'your file')} is ready.`
              : `${capitalised(quoted(name, 'your file'))} finished uploading and is ready.`,
          subjectId: fileId,
          data: { version: String(version) },
        },
      ];
    }
    case 'shareCreated':
    case 'shareClaimed':
    case 'shareRoleChanged': {
      const share = payload.value;
      if (!share.granteeId) return [];
      const [sharer, name] = await Promise.all([
        personName(deps, share.ownerId),
        itemName(deps, share.ownerId, share.itemKind, share.itemId),
      ]);
      const kind = share.itemKind === 'folder' ? 'folder' : 'file';
      const item = `the ${kind} ${quoted(name, '')}`.trim();
      // A claimed share is, to its grantee, a share made now.
      const created = payload.case !== 'shareRoleChanged';
      return [
        {
          userId: share.granteeId,
          kind: created ? 'share.created' : 'share.role_changed',
          title: created ? `${capitalised(kind)} shared with you` : 'Your access changed',
          body: created
            ? `${sharer} shared ${item} with you as ${share.role}.`
            : `${sharer} made you ${share.role} of ${item}.`,
          subjectId: share.itemId,
          data: { itemKind: kind, shareId: share.shareId, role: share.role },
        },
      ];
    }
    case 'linkCreated': {
      const link = payload.value;
      const name = await itemName(deps, link.ownerId, 'file', link.fileId);
      const byOwner = !event.actorUserId || event.actorUserId === link.ownerId;
      const file = quoted(name, 'your file');
      const made = byOwner
        ? `A public link to ${file} was created`
        : `${await personName(deps, event.actorUserId)} created a public link to ${file}`;
      const expires = link.expiresAt ? `, valid until ${timestampDate(link.expiresAt).toISOString()}` : '';
      return [
        {
          userId: link.ownerId,
          kind: 'link.created',
          title: 'Public link created',
          body: `${made}${expires}${link.hasPassword ? ', with a password' : ''}.`,
          subjectId: link.fileId,
          data: { linkId: link.linkId },
        },
      ];
    }
    default:
      return [];
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
