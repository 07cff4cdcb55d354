import { create } from '@bufbuild/protobuf';
import { FilePurgedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvents } from '../../internal/outbox/outbox';
import type { Transaction } from '../../internal/db';
import type { FilesDeps } from '../deps';
import { objectRef } from '../object-ref';
import { sharesStore } from '../sharing/shares-store';
import { filesStore } from '../store';

// Objects per storage request. Storage lists each object's versions (a few
// at a time) before one S3 DeleteObjects for the lot, so a request of 1,000
// can take longer than a loaded machine allows between heartbeats; a quarter
// of that keeps each request to a few seconds, with a heartbeat after each.
export const PURGE_OBJECTS_PER_CALL = 250;
const STORAGE_CALL_TIMEOUT_MS = 25_000;

/**
 * Purges up to `limit` of a user's trashed files due by `dueBy`, a page at a
 * time: every version's object first (storage's DeleteObjects, 1,000 objects
 * a call, in requests of 250), then the page's rows, the usage and the `file.purged` events. All
 * in one transaction that holds the user's purge lock (a Postgres advisory
 * lock): two trash windows firing together would otherwise both take the
 * same page and delete the same objects twice; the second answers `busy`
 * and its workflow tries again a moment later.
 *
 * A crash after the objects are gone rolls the rows back; the retry finds
 * nothing left to delete in storage and then deletes the rows. The rows are
 * deleted, and the quota released, only for files still trashed under the
 * row lock, so a replayed page releases nothing twice. A due file cannot be
 * restored (restore-file refuses it), so no restored file loses its objects.
 */
export async function purgeDueFiles(props: {
  deps: FilesDeps;
  userId: string;
  dueBy: Date;
  limit: number;
  /** Called as the page progresses, e.g. to heartbeat a Temporal activity. */
  onProgress?: () => void;
}): Promise<{ purged: number; busy?: boolean }> {
  const { deps, userId } = props;
  return deps.db.transaction(async (trx) => {
    const locked = await trx.raw<{ rows: Array<{ locked: boolean }> }>(
      'SELECT pg_try_advisory_xact_lock(hashtext(?)) AS locked',
      [`files.purge:${userId}`],
    );
    if (!locked.rows[0]?.locked) return { purged: 0, busy: true };

    const due = (
      await trx
        .withSchema('files')
        .table('files')
        .where({ owner_id: userId, status: 'trashed' })
        .where('purge_at', '<=', props.dueBy)
        .orderBy('purge_at')
        .limit(props.limit)
        .select<Array<{ id: string }>>('id')
    ).map((row) => row.id);
    if (due.length === 0) return { purged: 0 };

    const versions = await trx
      .withSchema('files')
      .table('file_versions')
      .whereIn('file_id', due)
      .select<Array<{ file_id: string; version: number; object_attempt: string | null }>>(
        'file_id',
        'version',
        'object_attempt',
      );
    // Every version's own key: what an upload URL writes there after this is a stray the ingest removes.
    const objects = versions.map((row) => objectRef(userId, row.file_id, row.version, row.object_attempt));
    for (let start = 0; start < objects.length; start += PURGE_OBJECTS_PER_CALL) {
      await deps.storage.deleteObjects(
        { objects: objects.slice(start, start + PURGE_OBJECTS_PER_CALL) },
        { timeoutMs: STORAGE_CALL_TIMEOUT_MS },
      );
      props.onProgress?.();
    }

    // The usage row first, as every command that changes usage does, then the files.
    await filesStore.lockUsage(trx, userId, deps.usageCache);
    const stillDue = (
      await trx
        .withSchema('files')
        .table('files')
        .whereIn('id', due)
        .where({ owner_id: userId, status: 'trashed' })
        .forUpdate()
        .select<Array<{ id: string }>>('id')
    ).map((row) => row.id);
    if (stillDue.length > 0) await deleteRows(trx, userId, stillDue);
    props.onProgress?.();
    return { purged: due.length };
  });
}

/** The page's rows (versions and links cascade, shares go too), their bytes off the usage, one `file.purged` each. */
async function deleteRows(trx: Transaction, userId: string, fileIds: string[]): Promise<void> {
  const stored = await trx
    .withSchema('files')
    .table('file_versions')
    .whereIn('file_id', fileIds)
    .whereIn('status', ['ready', 'pending'])
    .select<Array<{ file_id: string; status: string; size: string }>>('file_id', 'status', 'size');
  const released = new Map<string, number>(fileIds.map((id) => [id, 0]));
  let usedBytes = 0;
  let reservedBytes = 0;
  for (const version of stored) {
    if (version.status === 'ready') {
      usedBytes += Number(version.size);
      released.set(version.file_id, released.get(version.file_id)! + Number(version.size));
    } else reservedBytes += Number(version.size);
  }
  await trx.withSchema('files').table('files').whereIn('id', fileIds).delete();
  // No foreign key can reach a share (its item is a file or a folder): the purge deletes them.
  await sharesStore.deleteForItems(trx, 'file', fileIds);
  await filesStore.changeUsage(trx, userId, {
    used: -usedBytes,
    reserved: -reservedBytes,
    files: -fileIds.length,
  });
  const events = [...released].map(([fileId, releasedBytes]) => ({
    topic: TOPICS.filesEvents,
    key: fileId,
    event: newEvent(
      {
        case: 'filePurged',
        value: create(FilePurgedSchema, { fileId, ownerId: userId, releasedBytes: BigInt(releasedBytes) }),
      },
      '',
    ),
  }));
  await enqueueEvents(trx, 'files', events);
}
