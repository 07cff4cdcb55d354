import { objectKey } from '../../internal/object-keys';
import { isUserId } from '../../internal/user-id';
import type { Transaction } from '../../internal/db';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { objectRef } from '../object-ref';
import { filesStore } from '../store';

export interface UsageFigures {
  usedBytes: number;
  reservedBytes: number;
  fileCount: number;
}

/** One user whose usage row, rows or stored objects disagree. */
export interface UsageDrift {
  userId: string;
  /** files.usage (zeros when there is no row). */
  recorded: UsageFigures;
  /** What the files and versions rows add up to. */
  fromRows: UsageFigures;
  /** Bytes and S3 versions the bucket holds under the user's prefix, besides uploads in flight. */
  stored: { bytes: number; versions: number };
  /** What disagrees, in words; at most MAX_PROBLEMS, then a count of the rest. */
  problems: string[];
}

export interface UsageReconciliation {
  checkedUsers: number;
  drift: UsageDrift[];
  /** Prefixes in the bucket of users the files schema has no row for (e.g. a rolled-back test's), with what they hold. */
  unknownPrefixes: Array<{ userId: string; bytes: number; versions: number }>;
  /** Usage rows recomputed from the rows (only with `fix`). */
  fixed: number;
}

export const MAX_PROBLEMS = 20;

interface StoredEntry {
  size: number;
  deleteMarker: boolean;
}

interface VersionRow {
  owner_id: string;
  file_id: string;
  version: number;
  object_attempt: string | null;
  size: string;
  status: 'ready' | 'pending';
}

/**
 * Usage stays exact: compares each user's files.usage with what the files
 * and versions rows add up to (used = ready versions, reserved = pending
 * ones, files = ready or trashed files), and the ready versions with what
 * the object store actually holds (through storage's ListStoredVersions):
 * every ready version has exactly one S3 version of its size, and nothing
 * else lies under the user's prefix but uploads in flight. Reports drift
 * per user; with `fix`, recomputes the usage rows of users whose row
 * disagrees with the rows (the store is never changed).
 *
 * The rows are read in one snapshot; the store is listed after, so an
 * upload or purge running meanwhile can show as drift: run it on a quiet
 * system, or run it again.
 */
export async function reconcileUsage(props: {
  deps: FilesDeps;
  /** One user; all users when absent. */
  userId?: string;
  fix?: boolean;
}): Promise<UsageReconciliation> {
  const { deps } = props;
  if (props.userId !== undefined && !isUserId(props.userId)) throw FILES_ERRORS.invalidUserId();
  const userId = props.userId?.toLowerCase();

  const { recorded, fromRows, versions } = await deps.db.transaction((trx) => readRows(trx, userId), {
    isolationLevel: 'repeatable read',
    readOnly: true,
  });
  const stored = await listStore(deps, userId ?? '');

  const known = new Set([...recorded.keys(), ...fromRows.keys()]);
  const versionsByUser = new Map<string, VersionRow[]>();
  for (const row of versions) {
    const list = versionsByUser.get(row.owner_id) ?? [];
    list.push(row);
    versionsByUser.set(row.owner_id, list);
  }

  const drift: UsageDrift[] = [];
  for (const user of [...known].sort()) {
    const entry = checkUser(
      user,
      recorded.get(user) ?? ZERO,
      fromRows.get(user) ?? ZERO,
      versionsByUser.get(user) ?? [],
      stored.get(user) ?? new Map<string, StoredEntry[]>(),
    );
    if (entry.problems.length > 0) drift.push(entry);
  }
  const unknownPrefixes = [...stored]
    .filter(([user]) => !known.has(user))
    .map(([user, keys]) => ({ userId: user, ...totals([...keys.values()].flat()) }));

  let fixed = 0;
  if (props.fix)
    for (const entry of drift)
      if (!sameFigures(entry.recorded, entry.fromRows)) fixed += await recomputeUsage(deps, entry.userId);
  return { checkedUsers: known.size, drift, unknownPrefixes, fixed };
}

const ZERO: UsageFigures = { usedBytes: 0, reservedBytes: 0, fileCount: 0 };

async function readRows(trx: Transaction, userId: string | undefined) {
  const only = <Q extends { where: (column: string, value: string) => Q }>(query: Q, column: string) =>
    userId ? query.where(column, userId) : query;

  const recorded = new Map<string, UsageFigures>();
  for (const row of (await only(trx.withSchema('files').table('usage'), 'user_id')) as Array<{
    user_id: string;
    used_bytes: string;
    reserved_bytes: string;
    file_count: number;
  }>)
    recorded.set(row.user_id, {
      usedBytes: Number(row.used_bytes),
      reservedBytes: Number(row.reserved_bytes),
      fileCount: row.file_count,
    });

  const versions = (await only(
    trx
      .withSchema('files')
      .table('file_versions as v')
      .join('files as f', 'f.id', 'v.file_id')
      .whereIn('v.status', ['ready', 'pending'])
      .select('f.owner_id', 'v.file_id', 'v.version', 'v.object_attempt', 'v.size', 'v.status'),
    'f.owner_id',
  )) as VersionRow[];
  const fileCounts = (await only(
    trx
      .withSchema('files')
      .table('files')
      .whereIn('status', ['ready', 'trashed'])
      .groupBy('owner_id')
      .select('owner_id', trx.raw('count(*)::int AS files')),
    'owner_id',
  )) as Array<{ owner_id: string; files: number }>;
  // Users with files rows but nothing stored or counted still need a usage row of zeros.
  const owners = (await only(
    trx.withSchema('files').table('files').distinct('owner_id'),
    'owner_id',
  )) as Array<{ owner_id: string }>;

  const fromRows = new Map<string, UsageFigures>();
  const figures = (user: string) => {
    const current = fromRows.get(user) ?? { ...ZERO };
    fromRows.set(user, current);
    return current;
  };
  for (const { owner_id } of owners) figures(owner_id);
  for (const row of versions) {
    if (row.status === 'ready') figures(row.owner_id).usedBytes += Number(row.size);
    else figures(row.owner_id).reservedBytes += Number(row.size);
  }
  for (const row of fileCounts) figures(row.owner_id).fileCount = row.files;
  return { recorded, fromRows, versions };
}

/** user id -> object key -> its S3 versions (and delete markers). */
async function listStore(deps: FilesDeps, userId: string): Promise<Map<string, Map<string, StoredEntry[]>>> {
  const byUser = new Map<string, Map<string, StoredEntry[]>>();
  let pageToken = '';
  do {
    const page = await deps.storage.listStoredVersions({ userId, pageToken, pageSize: 1000 });
    for (const version of page.versions) {
      // A key that is not a StreamHub object key still belongs to the user its prefix names.
      const owner = version.object?.userId ?? /^users\/([^/]+)\//.exec(version.key)?.[1] ?? '';
      const keys = byUser.get(owner) ?? new Map<string, StoredEntry[]>();
      byUser.set(owner, keys);
      const entries = keys.get(version.key) ?? [];
      entries.push({ size: Number(version.size), deleteMarker: version.deleteMarker });
      keys.set(version.key, entries);
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return byUser;
}

function checkUser(
  userId: string,
  recorded: UsageFigures,
  fromRows: UsageFigures,
  versions: VersionRow[],
  stored: Map<string, StoredEntry[]>,
): UsageDrift {
  const problems: string[] = [];
  const compare = (name: string, usage: number, rows: number) => {
    if (usage !== rows) problems.push(`usage ${name} is ${usage}, the rows add up to ${rows}`);
  };
  compare('used_bytes', recorded.usedBytes, fromRows.usedBytes);
  compare('reserved_bytes', recorded.reservedBytes, fromRows.reservedBytes);
  compare('file_count', recorded.fileCount, fromRows.fileCount);

  const expected = new Map<string, VersionRow>(
    // Each version's own key: `.../<version>-<attempt>`, or `.../<version>` for one stored before attempts.
    versions.map((row) => [objectKey(objectRef(userId, row.file_id, row.version, row.object_attempt)), row]),
  );
  let bytes = 0;
  let count = 0;
  for (const [key, entries] of stored) {
    const row = expected.get(key);
    // An upload in flight may or may not have arrived yet: neither is drift.
    if (row?.status === 'pending') continue;
    const objects = entries.filter((entry) => !entry.deleteMarker);
    bytes += objects.reduce((sum, entry) => sum + entry.size, 0);
    count += entries.length;
    if (!row)
      problems.push(`${key}: stored (${entries.length} S3 versions) but no ready or pending version row`);
    else if (entries.length !== 1 || objects.length !== 1)
      problems.push(`${key}: ${entries.length} S3 versions stored, expected exactly one`);
    else if (objects[0]!.size !== Number(row.size))
      problems.push(`${key}: stored ${objects[0]!.size} bytes, the version row says ${row.size}`);
  }
  for (const [key, row] of expected)
    if (row.status === 'ready' && !stored.has(key))
      problems.push(`${key}: ready version with no stored object`);

  const shown =
    problems.length > MAX_PROBLEMS
      ? [...problems.slice(0, MAX_PROBLEMS), `... and ${problems.length - MAX_PROBLEMS} more`]
      : problems;
  return { userId, recorded, fromRows, stored: { bytes, versions: count }, problems: shown };
}

function totals(entries: StoredEntry[]) {
  return { bytes: entries.reduce((sum, entry) => sum + entry.size, 0), versions: entries.length };
}

function sameFigures(a: UsageFigures, b: UsageFigures): boolean {
  return a.usedBytes === b.usedBytes && a.reservedBytes === b.reservedBytes && a.fileCount === b.fileCount;
}

/** The usage row set to what the rows add up to, under the usage lock every usage change takes. */
async function recomputeUsage(deps: FilesDeps, userId: string): Promise<number> {
  return deps.db.transaction(async (trx) => {
    await filesStore.lockUsage(trx, userId, deps.usageCache);
    const updated = await trx.raw<{ rowCount: number }>(
      `UPDATE files.usage u SET
         used_bytes = coalesce((SELECT sum(v.size) FROM files.file_versions v JOIN files.files f ON f.id = v.file_id
                                WHERE f.owner_id = u.user_id AND v.status = 'ready'), 0),
         reserved_bytes = coalesce((SELECT sum(v.size) FROM files.file_versions v JOIN files.files f ON f.id = v.file_id
                                    WHERE f.owner_id = u.user_id AND v.status = 'pending'), 0),
         file_count = (SELECT count(*) FROM files.files f
                       WHERE f.owner_id = u.user_id AND f.status IN ('ready', 'trashed')),
         updated_at = now()
       WHERE u.user_id = ?`,
      [userId],
    );
    return updated.rowCount;
  });
}
