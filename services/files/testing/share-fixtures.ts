import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { EventSchema, type Event } from '../../../proto/gen/events/v1/events_pb.js';
import type { Transaction } from '../../internal/db';
import { filesStore, type FileRow } from '../store';

// Rows the share tests build on, written in the test's transaction.

export async function insertFile(
  trx: Transaction,
  ownerId: string,
  fields: Partial<Pick<FileRow, 'status' | 'name' | 'folder_id' | 'size'>> = {},
): Promise<FileRow> {
  const file = await filesStore.insertFile(trx, {
    id: randomUUID(),
    owner_id: ownerId,
    folder_id: fields.folder_id ?? null,
    name: fields.name ?? `file-${randomUUID()}.txt`,
    content_type: 'text/plain',
    status: fields.status ?? 'ready',
    size: Number(fields.size ?? 12),
  });
  return file;
}

export async function insertFolder(
  trx: Transaction,
  ownerId: string,
  fields: { name?: string; trashed?: boolean } = {},
): Promise<{ id: string; name: string }> {
  const [folder] = await trx
    .withSchema('files')
    .table<{ id: string; name: string; owner_id: string; parent_id: null; trashed_at: Date | null }>(
      'folders',
    )
    .insert({
      id: randomUUID(),
      owner_id: ownerId,
      parent_id: null,
      name: fields.name ?? `folder-${randomUUID()}`,
      trashed_at: fields.trashed ? new Date() : null,
    })
    .returning(['id', 'name']);
  return folder!;
}

/** An account whose email is verified, as the grantee-accounts consumer records it. */
export async function verifiedAccount(trx: Transaction, email = `${randomUUID()}@example.test`) {
  const userId = randomUUID();
  await trx.withSchema('files').table('grantee_accounts').insert({ user_id: userId, email });
  return { userId, email };
}

/** The share events in the files outbox for an item (their key); one transaction's share a time, so no order within it. */
export async function shareEventsOf(trx: Transaction, itemId: string): Promise<Event[]> {
  const rows = (await trx
    .withSchema('files')
    .table('outbox')
    .where({ key: itemId })
    .orderBy('created_at')) as Array<{ payload: Buffer }>;
  return rows
    .map((row) => fromBinary(EventSchema, row.payload))
    .filter((event) => event.type.startsWith('share.'));
}
