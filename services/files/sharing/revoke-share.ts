import { isUserId } from '../../internal/user-id';
import type { FilesDeps } from '../deps';
import { authorizeItem } from '../access/authorize';
import type { ItemKind } from '../access/resolve-role';
import { SHARE_ERRORS } from './share-errors';
import { recordShareEvent } from './share-events';
import { sharesStore } from './shares-store';

/**
 * The owner ends a share: the row stays, revoked, for the audit trail.
 * Idempotent: revoking a revoked share succeeds again without a new event.
 */
export async function revokeShare(props: {
  deps: Pick<FilesDeps, 'db'>;
  userId: string;
  kind: ItemKind;
  itemId: string;
  shareId: string;
}): Promise<void> {
  const { deps, kind, itemId } = props;
  await authorizeItem(deps, { callerId: props.userId, kind, itemId, operation: 'revokeShare' });
  // Share ids are UUIDs like user ids: anything else is no share of this item.
  if (!isUserId(props.shareId)) throw SHARE_ERRORS.shareNotFound();
  await deps.db.transaction(async (trx) => {
    const share = await sharesStore.findOfItem(trx, kind, itemId, props.shareId);
    if (!share) throw SHARE_ERRORS.shareNotFound();
    const revoked = await sharesStore.revoke(trx, share.id);
    if (revoked) await recordShareEvent(trx, props.userId, revoked, { kind: 'revoked' });
  });
}
