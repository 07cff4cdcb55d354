import type { ObjectRef } from '../../internal/object-keys';
import type { FilesDeps } from '../deps';
import { objectRef } from '../object-ref';

export type Claim =
  | { disposition: 'unknownOwner' }
  /** traceParent: the upload request's, when it was traced (docs/tracing.md). */
  | { disposition: 'pending'; traceParent: string | null }
  | { disposition: 'kept' }
  | { disposition: 'deleted'; deletedVersions: number };

interface ClaimRow {
  owner_id: string;
  status: 'pending' | 'ready' | 'failed';
  object_attempt: string | null;
  file_status: string;
  purge_at: Date | null;
  trace_parent: string | null;
}

/**
 * Storage reported an object (the ingest asks for every one): is it the
 * object of a pending upload attempt, one the rows keep, or a stray? A
 * presigned URL keeps working until it expires, so a client can still PUT
 * after its upload was aborted, failed or purged; the key then matches no
 * pending or stored version, and the object is deleted here (every S3
 * version of that key, so a repeat finds nothing). A file whose purge is
 * due counts as gone: the purge deleted its objects before its rows, so
 * what arrives meanwhile is a stray too. Ready keys cannot be written
 * again (If-None-Match: *), so an event for one is its own upload's, late.
 */
export async function claimStoredObject(props: { deps: FilesDeps; object: ObjectRef }): Promise<Claim> {
  const { deps, object } = props;
  const row = await deps.db
    .withSchema('files')
    .table('file_versions as v')
    .join('files as f', 'f.id', 'v.file_id')
    .where({ 'v.file_id': object.fileId, 'v.version': object.version, 'f.owner_id': object.userId })
    .first<ClaimRow | undefined>(
      'f.owner_id',
      'v.status',
      'v.object_attempt',
      'f.status as file_status',
      'f.purge_at',
      'v.trace_parent',
    );
  const sameAttempt = row !== undefined && (row.object_attempt ?? '') === (object.attempt ?? '');
  const beingPurged =
    row?.file_status === 'trashed' && row.purge_at !== null && row.purge_at.getTime() <= Date.now();
  if (sameAttempt && !beingPurged) {
    if (row.status === 'pending') return { disposition: 'pending', traceParent: row.trace_parent };
    if (row.status === 'ready') return { disposition: 'kept' };
  }
  // Every user who ever had an upload has a usage row, and keeps it after a
  // purge; without one the object is none of ours to judge.
  if (!row && !(await deps.db.withSchema('files').table('usage').where({ user_id: object.userId }).first()))
    return { disposition: 'unknownOwner' };
  const { deletedVersions } = await deps.storage.deleteObject({
    object: objectRef(object.userId, object.fileId, object.version, object.attempt ?? null),
  });
  return { disposition: 'deleted', deletedVersions };
}
