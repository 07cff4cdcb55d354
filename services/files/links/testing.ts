import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../internal/db';
import { decodeEvent } from '../../internal/kafka/events';
import type { FilesDeps } from '../deps';
import { filesStore, type FileRow } from '../store';

/** The test's deps with the cheapest bcrypt cost: link passwords are hashed in many tests. */
export function withCheapPasswords(deps: FilesDeps): FilesDeps {
  return { ...deps, settings: { ...deps.settings, bcryptCost: 4 } };
}

export function insertTestFile(
  trx: Transaction,
  ownerId: string,
  fields: Partial<Pick<FileRow, 'name' | 'status'>> = {},
): Promise<FileRow> {
  return filesStore.insertFile(trx, {
    id: randomUUID(),
    owner_id: ownerId,
    folder_id: null,
    name: 'report.pdf',
    content_type: 'application/pdf',
    status: 'ready',
    size: 12,
    ...fields,
  });
}

/** The link events the test's transaction enqueued for a file, decoded, oldest first. */
export async function linkEventsOf(trx: Transaction, fileId: string) {
  const rows = (await trx('files.outbox').where({ key: fileId }).orderBy('created_at')) as Array<{
    topic: string;
    payload: Buffer;
  }>;
  return rows.map((row) => ({ topic: row.topic, event: decodeEvent(row.payload) }));
}

/** A live share of the file with `granteeId`, as the shares routes would write it. */
export async function shareFile(
  trx: Transaction,
  file: Pick<FileRow, 'id' | 'owner_id'>,
  granteeId: string,
  role: 'viewer' | 'editor',
): Promise<void> {
  await trx('files.shares').insert({
    id: randomUUID(),
    item_kind: 'file',
    item_id: file.id,
    owner_id: file.owner_id,
    grantee_email: `${granteeId}@example.test`,
    grantee_id: granteeId,
    role,
  });
}
