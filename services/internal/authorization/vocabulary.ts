// The words of the access model (issue 10, docs/authorization.md). Kept apart
// from the rules so the table, the decision and the doc generator share one
// vocabulary and none of them can add a role or operation the others miss.

/** Who is asking, relative to one item: the caller's relation to it, not an account role. */
export const CALLER_ROLES = ['owner', 'editor', 'viewer', 'otherUser', 'admin', 'anonymous'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** The item's lifecycle state; `purged` means its row is gone. */
export const ITEM_STATES = ['pending', 'ready', 'trashed', 'purged'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

// Emptying the trash is not an operation on an item: DELETE /v1/trash empties
// the caller's own trash, and what a grantee trashes goes to the owner's, so
// only the owner can ever purge it (docs/authorization.md, "The trash").
export const OPERATIONS = [
  'list',
  'readMetadata',
  'download',
  'listVersions',
  'rename',
  'move',
  'uploadNewVersion',
  'createInsideFolder',
  'trash',
  'restore',
  'purge',
  'share',
  'revokeShare',
  'createLink',
  'revokeLink',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * allowed; 404 hides that the item exists (object level); 403 says the caller
 * may see the item but not do this to it (function level); 409 says the
 * owner asked for something the item's state does not allow; 401 is the answer
 * of every item route without an access token, before any item is looked up
 * (a link holder uses /v1/public/{token}, outside this table).
 */
export type Decision = 'allowed' | 401 | 403 | 404 | 409;
