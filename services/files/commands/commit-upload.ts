import { create } from '@bufbuild/protobuf';
import { FileReadySchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import type { FilesDeps } from '../deps';
import { filesStore } from '../store';

/**
 * Marks a verified version ready, turns its reservation into used bytes and
 * records `file.ready`, all in one transaction. A replay finds the version
 * no longer pending and changes nothing, so the file is charged once.
 */
export async function commitUpload(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
  size: number;
}): Promise<boolean> {
  const { deps, userId, fileId, version, size } = props;
  let createdAt: Date | undefined;
  const committed = await deps.db.transaction(async (trx) => {
    await filesStore.lockUsage(trx, userId, deps.usageCache);
    if (!(await filesStore.settleVersion(trx, fileId, version, 'ready'))) return false;
    const versionRow = await filesStore.findVersion(trx, fileId, version);
    createdAt = versionRow?.created_at;
    const file = await filesStore.updateFile(trx, fileId, {
      // A first upload becomes ready; a new version of a file trashed meanwhile stays trashed.
      status: trx.raw("CASE WHEN status = 'pending' THEN 'ready' ELSE status END"),
      current_version: version,
      current_object_attempt: versionRow?.object_attempt ?? null,
      size,
      content_type: versionRow?.content_type,
    });
    await filesStore.changeUsage(trx, userId, { reserved: -size, used: size, files: version === 1 ? 1 : 0 });
    const event = newEvent(
      {
        case: 'fileReady',
        value: create(FileReadySchema, {
          fileId,
          ownerId: userId,
          version,
          size: BigInt(size),
          name: file.name,
        }),
      },
      userId,
    );
    await enqueueEvent(trx, 'files', { topic: TOPICS.filesEvents, key: fileId, event });
    return true;
  });
  // Only once the commit is durable, and once per version (a replay commits nothing).
  if (committed && createdAt) deps.uploadMetrics?.observeReady(createdAt);
  return committed;
}
