import { decide } from './decide';
import { CALLER_ROLES, ITEM_STATES, OPERATIONS, type Operation } from './vocabulary';

// Pins issue 10's sentences to the table, one rule per test, so a change to
// rules.ts that breaks the issue fails here with the sentence it broke.

const READS: Operation[] = ['list', 'readMetadata', 'download', 'listVersions'];
const EDITOR_WRITES: Operation[] = ['rename', 'move', 'uploadNewVersion', 'createInsideFolder', 'trash'];
const OWNER_ONLY: Operation[] = ['share', 'revokeShare', 'createLink', 'revokeLink', 'restore', 'purge'];
const LIVE = ['pending', 'ready'] as const;

const every = <T>(values: readonly T[]) => values.map((value) => [value]);

describe('decide', () => {
  it('answers every cell with allowed, 401, 403 or 404', () => {
    for (const role of CALLER_ROLES)
      for (const state of ITEM_STATES)
        for (const operation of OPERATIONS)
          expect(['allowed', 401, 403, 404, 409]).toContain(decide(role, state, operation));
  });

  it.each(every(OPERATIONS))('another user always gets 404, never 403 (%s)', (operation) => {
    for (const state of ITEM_STATES) expect(decide('otherUser', state, operation)).toBe(404);
  });

  it.each(every(OPERATIONS))('an admin holds no grant on files: 404 (%s)', (operation) => {
    for (const state of ITEM_STATES) expect(decide('admin', state, operation)).toBe(404);
  });

  it.each(every(OPERATIONS))('no token: 401 before any item is looked up (%s)', (operation) => {
    for (const state of ITEM_STATES) expect(decide('anonymous', state, operation)).toBe(401);
  });

  it.each(every(READS))('viewers and editors read a ready item (%s)', (operation) => {
    expect(decide('viewer', 'ready', operation)).toBe('allowed');
    expect(decide('editor', 'ready', operation)).toBe('allowed');
  });

  it.each(every(EDITOR_WRITES))('editors write, viewers get 403 (%s)', (operation) => {
    expect(decide('editor', 'ready', operation)).toBe('allowed');
    for (const state of LIVE) expect(decide('viewer', state, operation)).toBe(403);
  });

  it.each(every(OWNER_ONLY))('only the owner may %s: grantees get 403 on a live item', (operation) => {
    for (const state of LIVE) {
      expect(decide('editor', state, operation)).toBe(403);
      expect(decide('viewer', state, operation)).toBe(403);
    }
  });

  it('a grantee never gets further than the owner: a pending file cannot be downloaded or trashed by anyone', () => {
    for (const role of ['owner', 'editor', 'viewer'] as const)
      expect(decide(role, 'pending', 'download')).toBe(404);
    for (const role of ['owner', 'editor'] as const) expect(decide(role, 'pending', 'trash')).toBe(404);
    for (const role of CALLER_ROLES)
      for (const state of ITEM_STATES)
        for (const operation of OPERATIONS)
          if (decide(role, state, operation) === 'allowed')
            expect(decide('owner', state, operation)).toBe('allowed');
  });

  it('an editor cannot share; a viewer cannot rename', () => {
    expect(decide('editor', 'ready', 'share')).toBe(403);
    expect(decide('viewer', 'ready', 'rename')).toBe(403);
  });

  it.each(every(OPERATIONS))('trashed and purged items disappear for grantees: 404 (%s)', (operation) => {
    for (const role of ['viewer', 'editor'] as const) {
      expect(decide(role, 'trashed', operation)).toBe(404);
      expect(decide(role, 'purged', operation)).toBe(404);
    }
  });

  it('the owner does everything to a ready item but restore and purge, which need a trashed one (409)', () => {
    for (const operation of OPERATIONS)
      expect(decide('owner', 'ready', operation)).toBe(
        ['restore', 'purge'].includes(operation) ? 409 : 'allowed',
      );
  });

  it('the owner cannot download or trash a pending file: no bytes yet (404, as the files service answers)', () => {
    expect(decide('owner', 'pending', 'download')).toBe(404);
    expect(decide('owner', 'pending', 'trash')).toBe(404);
    expect(decide('owner', 'pending', 'readMetadata')).toBe('allowed');
  });

  it('the owner restores, purges and reads a trashed item, and must restore it to change it', () => {
    const reads = ['restore', 'purge', 'list', 'readMetadata', 'download', 'listVersions'] as const;
    for (const operation of reads) expect(decide('owner', 'trashed', operation)).toBe('allowed');
    for (const operation of ['rename', 'move', 'uploadNewVersion', 'share', 'createLink'] as const)
      expect(decide('owner', 'trashed', operation)).toBe(404);
  });

  it('only the owner ever gets 409', () => {
    for (const role of CALLER_ROLES.filter((candidate) => candidate !== 'owner'))
      for (const state of ITEM_STATES)
        for (const operation of OPERATIONS) expect(decide(role, state, operation)).not.toBe(409);
  });

  it.each(every(OPERATIONS))('a purged item is gone for everyone, its owner included (%s)', (operation) => {
    for (const role of CALLER_ROLES) expect([401, 404]).toContain(decide(role, 'purged', operation));
  });
});
