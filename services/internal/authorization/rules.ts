import type { CallerRole, Decision, ItemState, Operation } from './vocabulary';

// The access rules of issue 10, written once as data. The decision function,
// the unit tests, the table in docs/authorization.md and (next) the gateway's
// table-driven integration suite all read these rows, so none can drift.

/** What a viewer may do: read only (issue 10, "Viewers"). */
const READ_OPERATIONS: readonly Operation[] = ['list', 'readMetadata', 'download', 'listVersions'];

/** What an editor may do besides reading (issue 10, "Editors"). */
const WRITE_OPERATIONS: readonly Operation[] = [
  'rename',
  'move',
  'uploadNewVersion',
  'createInsideFolder',
  'trash',
];

/**
 * What a grantee may do on a live item (pending or ready). Anything not
 * listed is owner-only and answers 403: the grantee can see the item, so
 * hiding it would be pointless, and 403 tells a client why it failed.
 */
export const GRANTEE_OPERATIONS: Readonly<Record<'editor' | 'viewer', readonly Operation[]>> = {
  viewer: READ_OPERATIONS,
  editor: [...READ_OPERATIONS, ...WRITE_OPERATIONS],
};

/**
 * Where an allowed caller's answer is still not "allowed", because of the
 * item's state (applied to the owner, and to a grantee for operations their
 * role permits, so a grantee never gets further than the owner): what the files
 * service answers today for an item in that state (services/files/commands),
 * so the integration suite can hold the gateway to this table. A pending
 * file has no bytes yet (download 404, trash 404); a live item is not in the
 * trash (restore and purge 409 not_trashed); a trashed item can be read,
 * restored or purged, but changing it needs a restore first, and the files
 * service treats it as absent for changes (404). A purged item is gone.
 */
export const STATE_EXCEPTIONS: Readonly<Record<ItemState, Readonly<Partial<Record<Operation, Decision>>>>> = {
  pending: { download: 404, trash: 404, restore: 404, purge: 404 },
  ready: { restore: 409, purge: 409 },
  trashed: {
    rename: 404,
    move: 404,
    uploadNewVersion: 404,
    createInsideFolder: 404,
    share: 404,
    revokeShare: 404,
    createLink: 404,
    revokeLink: 404,
  },
  purged: {},
};

/**
 * Callers who never see another user's items. `otherUser` is the object-level
 * rule (404, never 403); `admin` holds no grant: the admin API reads accounts
 * and the audit log, not file contents.
 */
export const NEVER_SEES: readonly CallerRole[] = ['otherUser', 'admin'];

/** States in which an item is invisible to everyone but its owner. */
export const HIDDEN_FROM_GRANTEES: readonly ItemState[] = ['trashed', 'purged'];

export type RuleTable = Readonly<
  Record<CallerRole, Readonly<Record<ItemState, Readonly<Record<Operation, Decision>>>>>
>;
