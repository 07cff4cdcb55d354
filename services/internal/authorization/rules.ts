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
 * The owner's operations on a trashed item: it can be listed in the trash,
 * inspected, restored or purged, and the trash emptied. Everything else
 * needs a restore first: 403, since the owner knows the item exists.
 */
export const OWNER_TRASHED_OPERATIONS: readonly Operation[] = [
  'list',
  'readMetadata',
  'listVersions',
  'restore',
  'emptyTrash',
  'purge',
];

/** Operations that only make sense on a trashed item; on a live one the owner gets 403. */
export const TRASH_ONLY_OPERATIONS: readonly Operation[] = ['restore', 'purge'];

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
