import type { ItemState, Operation } from '../../internal/authorization';

// Every file, folder, share, link, version, upload and trash route that acts
// on one item, mapped to the operation of the rule table it performs. The
// table decides every refused answer; `allowed` pins what the route answers
// when the table lets the caller through, per state (a 409 there is the
// item's own state speaking, as it does for the owner).

export type ItemKind = 'file' | 'folder';

export interface MatrixItem {
  kind: ItemKind;
  id: string;
  /** A share on the item to someone else, for the revoke routes. */
  otherShareId: string;
  /** A public link on the file, for the link revoke route. */
  linkId?: string;
}

export interface RouteRequest {
  method: string;
  path: string;
  body?: unknown;
}

export type Expected = number | readonly [status: number, code: string];

export interface MatrixRoute {
  name: string;
  operation: Operation;
  kind: ItemKind;
  /** Changes the item when allowed: such a cell gets an item of its own. */
  writes: boolean;
  allowed: Partial<Record<ItemState, Expected>>;
  request(item: MatrixItem, destinationFolderId: string): RouteRequest;
}

const unique = () => `renamed-${Math.random().toString(36).slice(2)}`;
const shareBody = () => ({
  email: `someone-${Math.random().toString(36).slice(2)}@example.test`,
  role: 'viewer',
});
const live = (answer: Expected) => ({ pending: answer, ready: answer });
const everyState = (answer: Expected) => ({ pending: answer, ready: answer, trashed: answer });

const file = (route: Omit<MatrixRoute, 'kind'>): MatrixRoute => ({ ...route, kind: 'file' });
const folder = (route: Omit<MatrixRoute, 'kind'>): MatrixRoute => ({ ...route, kind: 'folder' });

export const MATRIX_ROUTES: readonly MatrixRoute[] = [
  file({
    name: 'GET /v1/files/{id}',
    operation: 'readMetadata',
    writes: false,
    allowed: everyState(200),
    request: (item) => ({ method: 'GET', path: `/v1/files/${item.id}` }),
  }),
  file({
    name: 'GET /v1/files/{id}/download',
    operation: 'download',
    writes: false,
    allowed: { ready: 200, trashed: 200 },
    request: (item) => ({ method: 'GET', path: `/v1/files/${item.id}/download?redirect=false` }),
  }),
  file({
    name: 'GET /v1/files/{id}/versions',
    operation: 'listVersions',
    writes: false,
    allowed: everyState(200),
    request: (item) => ({ method: 'GET', path: `/v1/files/${item.id}/versions` }),
  }),
  file({
    name: 'PATCH /v1/files/{id} {name}',
    operation: 'rename',
    writes: true,
    allowed: live(200),
    request: (item) => ({ method: 'PATCH', path: `/v1/files/${item.id}`, body: { name: unique() } }),
  }),
  file({
    name: 'PATCH /v1/files/{id} {folderId}',
    operation: 'move',
    writes: true,
    allowed: live(200),
    request: (item, destination) => ({
      method: 'PATCH',
      path: `/v1/files/${item.id}`,
      body: { folderId: destination },
    }),
  }),
  file({
    name: 'POST /v1/files/{id}/versions',
    operation: 'uploadNewVersion',
    writes: true,
    allowed: { pending: [409, 'upload_in_progress'], ready: 201 },
    request: (item) => ({
      method: 'POST',
      path: `/v1/files/${item.id}/versions`,
      body: { size: 5, contentType: 'text/plain' },
    }),
  }),
  file({
    name: 'POST /v1/files/{id}/versions/1/restore',
    operation: 'uploadNewVersion',
    writes: true,
    allowed: { pending: [404, 'file_not_found'], ready: 200 },
    request: (item) => ({ method: 'POST', path: `/v1/files/${item.id}/versions/1/restore` }),
  }),
  file({
    name: 'POST /v1/uploads/{id}/parts',
    operation: 'uploadNewVersion',
    writes: false,
    allowed: { pending: 200, ready: [409, 'not_uploading'] },
    request: (item) => ({ method: 'POST', path: `/v1/uploads/${item.id}/parts`, body: { partNumbers: [1] } }),
  }),
  file({
    name: 'POST /v1/uploads/{id}/complete',
    operation: 'uploadNewVersion',
    writes: false,
    allowed: { pending: [409, 'upload_not_arrived'], ready: 200 },
    request: (item) => ({ method: 'POST', path: `/v1/uploads/${item.id}/complete`, body: {} }),
  }),
  file({
    name: 'DELETE /v1/uploads/{id}',
    operation: 'uploadNewVersion',
    writes: true,
    allowed: { pending: 204, ready: [409, 'not_uploading'] },
    request: (item) => ({ method: 'DELETE', path: `/v1/uploads/${item.id}` }),
  }),
  file({
    name: 'DELETE /v1/files/{id}',
    operation: 'trash',
    writes: true,
    allowed: { ready: 202, trashed: 202 },
    request: (item) => ({ method: 'DELETE', path: `/v1/files/${item.id}` }),
  }),
  file({
    name: 'POST /v1/files/{id}/restore',
    operation: 'restore',
    writes: true,
    allowed: { trashed: 200 },
    request: (item) => ({ method: 'POST', path: `/v1/files/${item.id}/restore` }),
  }),
  file({
    name: 'DELETE /v1/trash/{id}',
    operation: 'purge',
    writes: true,
    allowed: { trashed: 202 },
    request: (item) => ({ method: 'DELETE', path: `/v1/trash/${item.id}` }),
  }),
  file({
    name: 'POST /v1/files/{id}/shares',
    operation: 'share',
    writes: true,
    allowed: live(201),
    request: (item) => ({ method: 'POST', path: `/v1/files/${item.id}/shares`, body: shareBody() }),
  }),
  file({
    name: 'GET /v1/files/{id}/shares',
    operation: 'share',
    writes: false,
    allowed: live(200),
    request: (item) => ({ method: 'GET', path: `/v1/files/${item.id}/shares` }),
  }),
  file({
    name: 'DELETE /v1/files/{id}/shares/{shareId}',
    operation: 'revokeShare',
    writes: true,
    allowed: live(204),
    request: (item) => ({ method: 'DELETE', path: `/v1/files/${item.id}/shares/${item.otherShareId}` }),
  }),
  file({
    name: 'POST /v1/files/{id}/links',
    operation: 'createLink',
    writes: true,
    allowed: live(201),
    request: (item) => ({ method: 'POST', path: `/v1/files/${item.id}/links`, body: {} }),
  }),
  file({
    name: 'GET /v1/files/{id}/links',
    operation: 'createLink',
    writes: false,
    allowed: live(200),
    request: (item) => ({ method: 'GET', path: `/v1/files/${item.id}/links` }),
  }),
  file({
    name: 'DELETE /v1/files/{id}/links/{linkId}',
    operation: 'revokeLink',
    writes: true,
    allowed: live(204),
    request: (item) => ({ method: 'DELETE', path: `/v1/files/${item.id}/links/${item.linkId}` }),
  }),
  folder({
    name: 'GET /v1/files?folderId={id}',
    operation: 'list',
    writes: false,
    allowed: { ready: 200 },
    request: (item) => ({ method: 'GET', path: `/v1/files?folderId=${item.id}` }),
  }),
  folder({
    name: 'GET /v1/folders?parentId={id}',
    operation: 'list',
    writes: false,
    allowed: { ready: 200 },
    request: (item) => ({ method: 'GET', path: `/v1/folders?parentId=${item.id}` }),
  }),
  folder({
    name: 'GET /v1/folders/{id}',
    operation: 'readMetadata',
    writes: false,
    allowed: { ready: 200 },
    request: (item) => ({ method: 'GET', path: `/v1/folders/${item.id}` }),
  }),
  folder({
    name: 'PATCH /v1/folders/{id} {name}',
    operation: 'rename',
    writes: true,
    allowed: { ready: 200 },
    request: (item) => ({ method: 'PATCH', path: `/v1/folders/${item.id}`, body: { name: unique() } }),
  }),
  folder({
    name: 'PATCH /v1/folders/{id} {parentId}',
    operation: 'move',
    writes: true,
    allowed: { ready: 200 },
    request: (item, destination) => ({
      method: 'PATCH',
      path: `/v1/folders/${item.id}`,
      body: { parentId: destination },
    }),
  }),
  folder({
    name: 'POST /v1/folders {parentId}',
    operation: 'createInsideFolder',
    writes: true,
    allowed: { ready: 201 },
    request: (item) => ({ method: 'POST', path: '/v1/folders', body: { name: unique(), parentId: item.id } }),
  }),
  folder({
    name: 'POST /v1/uploads {folderId}',
    operation: 'createInsideFolder',
    writes: true,
    allowed: { ready: 201 },
    request: (item) => ({
      method: 'POST',
      path: '/v1/uploads',
      body: { name: unique(), size: 5, contentType: 'text/plain', folderId: item.id },
    }),
  }),
  folder({
    name: 'DELETE /v1/folders/{id}',
    operation: 'trash',
    writes: true,
    allowed: { ready: 202 },
    request: (item) => ({ method: 'DELETE', path: `/v1/folders/${item.id}` }),
  }),
  folder({
    name: 'POST /v1/folders/{id}/shares',
    operation: 'share',
    writes: true,
    allowed: { ready: 201 },
    request: (item) => ({ method: 'POST', path: `/v1/folders/${item.id}/shares`, body: shareBody() }),
  }),
  folder({
    name: 'GET /v1/folders/{id}/shares',
    operation: 'share',
    writes: false,
    allowed: { ready: 200 },
    request: (item) => ({ method: 'GET', path: `/v1/folders/${item.id}/shares` }),
  }),
  folder({
    name: 'DELETE /v1/folders/{id}/shares/{shareId}',
    operation: 'revokeShare',
    writes: true,
    allowed: { ready: 204 },
    request: (item) => ({ method: 'DELETE', path: `/v1/folders/${item.id}/shares/${item.otherShareId}` }),
  }),
];

/**
 * The states an item of this kind can be in. A folder is never pending (it
 * has no upload) and never in the trash: trashing it sends its files to the
 * trash and the folder is gone, so its "purged" is a trashed folder.
 */
export const STATES_OF: Record<ItemKind, readonly ItemState[]> = {
  file: ['pending', 'ready', 'trashed', 'purged'],
  folder: ['ready', 'purged'],
};
