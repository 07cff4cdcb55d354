import type { ItemState } from '../../internal/authorization';
import { uploadFile, type ApiUser } from '../../internal/testing/api-users';
import { eventually } from '../../internal/testing/eventually';
import type { ItemKind, MatrixItem } from './matrix-routes';

/** How the grantees reach the item: a share on the item itself, or on a folder three levels above it. */
export type Reach = 'direct' | 'folderThreeUp';

export interface Grantees {
  editor: ApiUser;
  viewer: ApiUser;
}

/** Above the multipart threshold the test platform runs with: a pending file has parts to ask for. */
export const PENDING_SIZE = 6 * 1024 * 1024 + 1;

const name = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2)}`;

function expectStatus(response: { status: number; body: unknown }, status: number, what: string) {
  if (response.status !== status)
    throw new Error(`${what} answered ${response.status}, not ${status}: ${JSON.stringify(response.body)}`);
}

export async function createFolder(owner: ApiUser, parentId?: string): Promise<string> {
  const created = await owner.call<{ id: string }>('POST', '/v1/folders', {
    body: { name: name('folder'), parentId },
  });
  expectStatus(created, 201, 'POST /v1/folders');
  return created.body.id;
}

export async function share(
  owner: ApiUser,
  kind: ItemKind,
  id: string,
  email: string,
  role: 'viewer' | 'editor',
): Promise<string> {
  const shared = await owner.call<{ id: string }>('POST', `/v1/${kind}s/${id}/shares`, {
    body: { email, role },
  });
  expectStatus(shared, 201, `POST /v1/${kind}s/{id}/shares`);
  return shared.body.id;
}

async function shareWithGrantees(owner: ApiUser, grantees: Grantees, kind: ItemKind, id: string) {
  await share(owner, kind, id, grantees.editor.email, 'editor');
  await share(owner, kind, id, grantees.viewer.email, 'viewer');
}

async function createFile(owner: ApiUser, state: ItemState, folderId?: string): Promise<string> {
  if (state !== 'pending') return uploadFile(owner, Buffer.from('matrix'), name('file'), folderId);
  const created = await owner.call<{ file: { id: string } }>('POST', '/v1/uploads', {
    body: { name: name('pending'), size: PENDING_SIZE, contentType: 'application/octet-stream', folderId },
  });
  expectStatus(created, 201, 'POST /v1/uploads');
  return created.body.file.id;
}

async function bringToState(owner: ApiUser, kind: ItemKind, id: string, state: ItemState): Promise<void> {
  if (state !== 'trashed' && state !== 'purged') return;
  expectStatus(await owner.call('DELETE', `/v1/${kind}s/${id}`), 202, `DELETE /v1/${kind}s/{id}`);
  // A trashed folder is gone at once (see STATES_OF): that is its purge.
  if (state === 'trashed' || kind === 'folder') return;
  expectStatus(await owner.call('DELETE', `/v1/trash/${id}`), 202, 'DELETE /v1/trash/{id}');
  await eventually(
    async () => (await owner.call('GET', `/v1/files/${id}`)).status === 404 || undefined,
    'the purge of the file',
    30_000,
  );
}

/**
 * One item in `state`, reached by the grantees as `reach` says, with a share
 * to someone else and (for a file) a public link, made before the item
 * leaves the live states so the purge's removal of both is part of the test.
 */
export async function createItem(
  owner: ApiUser,
  grantees: Grantees,
  kind: ItemKind,
  state: ItemState,
  reach: Reach,
): Promise<MatrixItem> {
  let parentId: string | undefined;
  if (reach === 'folderThreeUp') {
    const top = await createFolder(owner);
    await shareWithGrantees(owner, grantees, 'folder', top);
    parentId = await createFolder(owner, await createFolder(owner, top));
  }
  const id = kind === 'file' ? await createFile(owner, state, parentId) : await createFolder(owner, parentId);
  if (reach === 'direct') await shareWithGrantees(owner, grantees, kind, id);
  const otherShareId = await share(owner, kind, id, `${name('other')}@example.test`, 'viewer');
  let linkId: string | undefined;
  if (kind === 'file') {
    const link = await owner.call<{ id: string }>('POST', `/v1/files/${id}/links`, { body: {} });
    expectStatus(link, 201, 'POST /v1/files/{id}/links');
    linkId = link.body.id;
  }
  await bringToState(owner, kind, id, state);
  return { kind, id, otherShareId, linkId };
}
