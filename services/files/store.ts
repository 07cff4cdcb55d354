import type { ReadCache } from '../internal/cache/guarded-cache';
import type { Database, Transaction } from '../internal/db';
import { runStatement, statement } from '../internal/prepared-statements';
import { currentTraceParent } from '../internal/tracing/trace-parent';

export type FileStatus = 'pending' | 'ready' | 'failed' | 'trashed';
type Queryable = Database | Transaction;

export interface FileRow {
  id: string;
  owner_id: string;
  folder_id: string | null;
  name: string;
  content_type: string;
  size: string;
  status: FileStatus;
  starred: boolean;
  current_version: number;
  /** The upload attempt of the current version's object (NULL: stored before attempt keys). */
  current_object_attempt: string | null;
  opened_at: Date | null;
  trashed_at: Date | null;
  purge_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface VersionRow {
  file_id: string;
  version: number;
  size: string;
  content_type: string;
  sha256: string | null;
  status: 'pending' | 'ready' | 'failed';
  multipart_upload_id: string | null;
  /** Part of the object key (object-ref.ts); NULL for a version stored before attempt keys. */
  object_attempt: string | null;
  /** A multipart upload's planned part size (bigint as text). */
  part_size: string | null;
  expires_at: Date;
  workflow_started_at: Date | null;
  ready_at: Date | null;
  created_at: Date;
}

export interface UsageRow {
  user_id: string;
  used_bytes: string;
  reserved_bytes: string;
  file_count: number;
}

/** The cache scope (and key) of a user's usage row. */
export const usageScope = (userId: string) => `files:usage:${userId}`;

// The reads behind every GET of a file, a download and /v1/me: prepared statements.
const FIND_OWNED_FILE = statement('SELECT * FROM files.files WHERE id = $1 AND owner_id = $2');
const MARK_OPENED = statement(
  `UPDATE files.files SET opened_at = date_trunc('milliseconds', now())
   WHERE id = $1 AND (opened_at IS NULL OR opened_at < now() - interval '1 second')`,
);
const READ_USAGE = statement('SELECT * FROM files.usage WHERE user_id = $1');
// DELETE of a file: one autocommitted statement instead of a transaction that
// locks the row, updates it and commits (four round trips to one).
const TRASH_READY_FILE = statement(
  `UPDATE files.files SET status = 'trashed', trashed_at = $3, purge_at = $4, updated_at = now()
   WHERE id = $1 AND owner_id = $2 AND status = 'ready' RETURNING *`,
);

const files = (db: Queryable) => db.withSchema('files').table('files');
const versions = (db: Queryable) => db.withSchema('files').table('file_versions');
const usage = (db: Queryable) => db.withSchema('files').table('usage');

export const filesStore = {
  async findOwnedFile(
    db: Queryable,
    ownerId: string,
    fileId: string,
    options: { lock?: boolean } = {},
  ): Promise<FileRow | undefined> {
    if (options.lock)
      return (await files(db).where({ id: fileId, owner_id: ownerId }).forUpdate().first()) as
        FileRow | undefined;
    const [row] = await runStatement<FileRow>(db, FIND_OWNED_FILE, [fileId, ownerId]);
    return row;
  },

  /** Moves the user's ready file to the trash; undefined when it is not a ready file of theirs. */
  async trashReadyFile(
    db: Queryable,
    ownerId: string,
    fileId: string,
    times: { trashedAt: Date; purgeAt: Date },
  ): Promise<FileRow | undefined> {
    const [row] = await runStatement<FileRow>(db, TRASH_READY_FILE, [
      fileId,
      ownerId,
      times.trashedAt,
      times.purgeAt,
    ]);
    return row;
  },

  async insertFile(
    trx: Transaction,
    row: Pick<FileRow, 'id' | 'owner_id' | 'folder_id' | 'name' | 'content_type' | 'status'> & {
      size: number;
    },
  ): Promise<FileRow> {
    const [inserted] = (await files(trx).insert(row).returning('*')) as FileRow[];
    return inserted!;
  },

  async updateFile(db: Queryable, fileId: string, changes: Record<string, unknown>): Promise<FileRow> {
    const [updated] = (await files(db)
      .where({ id: fileId })
      .update({ ...changes, updated_at: db.fn.now() })
      .returning('*')) as FileRow[];
    return updated!;
  },

  /**
   * Opening is not an edit: only opened_at moves. A file opened again within
   * the same second is not written again: a burst of downloads of one file
   * costs one row update (and one WAL flush) a second, not one each.
   */
  async markOpened(db: Queryable, fileId: string): Promise<void> {
    await runStatement(db, MARK_OPENED, [fileId]);
  },

  async findVersion(
    db: Queryable,
    fileId: string,
    version: number,
    options: { lock?: boolean } = {},
  ): Promise<VersionRow | undefined> {
    const query = versions(db).where({ file_id: fileId, version }).first();
    return (await (options.lock ? query.forUpdate() : query)) as VersionRow | undefined;
  },

  async pendingVersion(db: Queryable, fileId: string): Promise<VersionRow | undefined> {
    return (await versions(db)
      .where({ file_id: fileId, status: 'pending' })
      .orderBy('version', 'desc')
      .first()) as VersionRow | undefined;
  },

  async nextVersionNumber(trx: Transaction, fileId: string): Promise<number> {
    const row = (await versions(trx).where({ file_id: fileId }).max('version as max').first()) as
      { max: number | null } | undefined;
    return (row?.max ?? 0) + 1;
  },

  async insertVersion(
    trx: Transaction,
    row: Pick<VersionRow, 'file_id' | 'version' | 'content_type' | 'sha256' | 'expires_at'> & {
      size: number;
      /** Absent only for a row as stored before attempt keys (tests of the old keys). */
      object_attempt?: string;
    },
  ): Promise<void> {
    // The ingest continues this request's trace when the object arrives (docs/tracing.md).
    const traceParent = currentTraceParent();
    await versions(trx).insert({
      ...row,
      status: 'pending',
      ...(traceParent ? { trace_parent: traceParent } : {}),
    });
  },

  async updateVersion(
    db: Queryable,
    fileId: string,
    version: number,
    changes: Partial<Omit<VersionRow, 'part_size'>> & { part_size?: number },
  ): Promise<void> {
    await versions(db).where({ file_id: fileId, version }).update(changes);
  },

  /** Moves a pending version to `to`; false when it was not pending (already settled: a replay). */
  async settleVersion(
    trx: Transaction,
    fileId: string,
    version: number,
    to: 'ready' | 'failed',
  ): Promise<boolean> {
    const changes = to === 'ready' ? { status: to, ready_at: trx.fn.now() } : { status: to };
    const updated = await versions(trx)
      .where({ file_id: fileId, version, status: 'pending' })
      .update(changes);
    return updated === 1;
  },

  async listVersions(db: Queryable, fileId: string): Promise<VersionRow[]> {
    return (await versions(db).where({ file_id: fileId }).orderBy('version', 'desc')) as VersionRow[];
  },

  async storedVersions(db: Queryable, fileId: string): Promise<VersionRow[]> {
    return (await versions(db)
      .where({ file_id: fileId })
      .whereIn('status', ['ready', 'pending'])) as VersionRow[];
  },

  async unstartedUploads(
    db: Queryable,
    olderThan: Date,
    limit: number,
  ): Promise<Array<VersionRow & { owner_id: string }>> {
    return (await db
      .withSchema('files')
      .table('file_versions as v')
      .join('files as f', 'f.id', 'v.file_id')
      .whereNull('v.workflow_started_at')
      .where('v.status', 'pending')
      .where('v.created_at', '<', olderThan)
      .select('v.*', 'f.owner_id')
      .limit(limit)) as Array<VersionRow & { owner_id: string }>;
  },

  /**
   * Every change of a user's usage starts here, so here it is guarded: the
   * cached usage is bypassed until the transaction has ended (GuardedCache).
   */
  async lockUsage(trx: Transaction, userId: string, cache: ReadCache): Promise<UsageRow> {
    await cache.guardTransaction(trx, [usageScope(userId)]);
    await usage(trx).insert({ user_id: userId }).onConflict('user_id').ignore();
    return (await usage(trx).where({ user_id: userId }).forUpdate().first()) as UsageRow;
  },

  async readUsage(db: Queryable, userId: string): Promise<UsageRow> {
    const [row] = await runStatement<UsageRow>(db, READ_USAGE, [userId]);
    return row ?? { user_id: userId, used_bytes: '0', reserved_bytes: '0', file_count: 0 };
  },

  async changeUsage(
    trx: Transaction,
    userId: string,
    delta: { used?: number; reserved?: number; files?: number },
  ): Promise<void> {
    await usage(trx)
      .where({ user_id: userId })
      .update({
        used_bytes: trx.raw('used_bytes + ?', [delta.used ?? 0]),
        reserved_bytes: trx.raw('reserved_bytes + ?', [delta.reserved ?? 0]),
        file_count: trx.raw('file_count + ?', [delta.files ?? 0]),
        updated_at: trx.fn.now(),
      });
  },
};
