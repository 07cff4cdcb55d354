import type { Database, Transaction } from '../../internal/db';
import { runStatement, statement } from '../../internal/prepared-statements';
import type { FileRow } from '../store';

type Queryable = Database | Transaction;

export interface LinkRow {
  id: string;
  file_id: string;
  owner_id: string;
  expires_at: Date;
  max_downloads: number | null;
  downloads: number;
  password_hash: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

/** The link a token opens, joined with what a download of its file needs. */
export type OpenableLink = Pick<LinkRow, 'id' | 'password_hash'> &
  Pick<
    FileRow,
    'owner_id' | 'name' | 'size' | 'content_type' | 'current_version' | 'current_object_attempt'
  > & { file_id: string };

// A link opens while it is neither revoked, expired nor used up, and its file
// is ready (a trashed file's links come back with a restore; a purged file's
// links are deleted with its row).
const LIVE_LINK = `l.revoked_at IS NULL AND l.expires_at > now()
  AND (l.max_downloads IS NULL OR l.downloads < l.max_downloads)`;

const FIND_OPENABLE = statement(`
  SELECT l.id, l.password_hash, l.file_id, f.owner_id, f.name, f.size, f.content_type, f.current_version,
         f.current_object_attempt
    FROM files.links l JOIN files.files f ON f.id = l.file_id
   WHERE l.token_hash = $1 AND ${LIVE_LINK} AND f.status = 'ready'`);

// The download counts only if the link is still live at this instant: two
// holders racing for the last download of a max_downloads link get one each.
const COUNT_DOWNLOAD = statement(`
  UPDATE files.links l SET downloads = l.downloads + 1
   WHERE l.id = $1 AND ${LIVE_LINK}
  RETURNING l.id`);

const links = (db: Queryable) => db.withSchema('files').table('links');

/** What a link row answers with: everything but the token's hash, which never leaves the table. */
const LINK_COLUMNS = [
  'id',
  'file_id',
  'owner_id',
  'expires_at',
  'max_downloads',
  'downloads',
  'password_hash',
  'created_at',
  'revoked_at',
] as const;

export const linkStore = {
  async insert(
    db: Queryable,
    row: Pick<LinkRow, 'id' | 'file_id' | 'owner_id' | 'expires_at' | 'max_downloads' | 'password_hash'> & {
      token_hash: Buffer;
    },
  ): Promise<LinkRow> {
    const [inserted] = await links(db)
      .insert(row)
      .returning<LinkRow[]>([...LINK_COLUMNS]);
    return inserted!;
  },

  /** A file's links, newest first, without their hashes. */
  async listForFile(db: Queryable, fileId: string): Promise<LinkRow[]> {
    return links(db)
      .where({ file_id: fileId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .select<LinkRow[]>(...LINK_COLUMNS);
  },

  /** Revokes a live link of this file; undefined when there is none (already revoked, or not this file's). */
  async revoke(db: Queryable, fileId: string, linkId: string): Promise<LinkRow | undefined> {
    const [row] = await links(db)
      .where({ id: linkId, file_id: fileId })
      .whereNull('revoked_at')
      .update({ revoked_at: db.fn.now() })
      .returning<LinkRow[]>([...LINK_COLUMNS]);
    return row;
  },

  async exists(db: Queryable, fileId: string, linkId: string): Promise<boolean> {
    return (await links(db).where({ id: linkId, file_id: fileId }).first('id')) !== undefined;
  },

  async findOpenable(db: Queryable, tokenHash: Buffer): Promise<OpenableLink | undefined> {
    const [row] = await runStatement<OpenableLink>(db, FIND_OPENABLE, [tokenHash]);
    return row;
  },

  async countDownload(db: Queryable, linkId: string): Promise<boolean> {
    return (await runStatement(db, COUNT_DOWNLOAD, [linkId])).length === 1;
  },
};

/** Whether a holder could open the link now, its file's state aside. */
export function isLinkActive(link: LinkRow, now = new Date()): boolean {
  return (
    !link.revoked_at &&
    link.expires_at > now &&
    (link.max_downloads === null || link.downloads < link.max_downloads)
  );
}
