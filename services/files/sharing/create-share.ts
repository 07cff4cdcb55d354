import { randomUUID } from 'node:crypto';
import type { FilesDeps } from '../deps';
import { authorizeItem } from '../access/authorize';
import type { ItemKind } from '../access/resolve-role';
import { shareEmail } from './share-email';
import { SHARE_ERRORS } from './share-errors';
import { recordShareEvent } from './share-events';
import { sharesStore, type ShareRole, type ShareRow } from './shares-store';

const ROLES: readonly string[] = ['viewer', 'editor'] satisfies ShareRole[];

/**
 * The owner grants `role` on a file or folder to an email address. The share
 * reaches the account whose VERIFIED email it is, now or once it verifies
 * (services/files/consumers/grantee-accounts.ts). Known and unknown addresses
 * take the same path and get the same answer, so sharing cannot probe for
 * accounts. Sharing again with a live share's address changes its role and
 * answers that same share.
 */
export async function createShare(props: {
  deps: Pick<FilesDeps, 'db'>;
  userId: string;
  kind: ItemKind;
  itemId: string;
  email: string;
  role: string;
}): Promise<ShareRow> {
  const { deps, kind, itemId } = props;
  const email = shareEmail(props.email);
  if (!ROLES.includes(props.role)) throw SHARE_ERRORS.invalidRole();
  const role = props.role as ShareRole;
  const { ownerId } = await authorizeItem(deps, { callerId: props.userId, kind, itemId, operation: 'share' });
  return deps.db.transaction(async (trx) => {
    await sharesStore.lockEmail(trx, email);
    const granteeId = await sharesStore.granteeIdFor(trx, email);
    // Only the owner shares, and the owner knows their own address: no enumeration here.
    if (granteeId === ownerId) throw SHARE_ERRORS.sharedWithOwner();
    const live = await sharesStore.findLive(trx, kind, itemId, email);
    if (live) {
      if (live.role === role) return live;
      const changed = await sharesStore.setRole(trx, live.id, role);
      await recordShareEvent(trx, props.userId, changed, { kind: 'roleChanged', previousRole: live.role });
      return changed;
    }
    const share = await sharesStore.insert(trx, {
      id: randomUUID(),
      item_kind: kind,
      item_id: itemId,
      owner_id: ownerId,
      grantee_email: email,
      grantee_id: granteeId ?? null,
      role,
    });
    await recordShareEvent(trx, props.userId, share, { kind: 'created' });
    return share;
  });
}
