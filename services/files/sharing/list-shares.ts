import type { FilesDeps } from '../deps';
import { authorizeItem } from '../access/authorize';
import type { ItemKind } from '../access/resolve-role';
import { sharesStore, type ShareRow } from './shares-store';

/** The item's live shares, for its owner only: a grantee may not see who else has access (403). */
export async function listShares(props: {
  deps: Pick<FilesDeps, 'db'>;
  userId: string;
  kind: ItemKind;
  itemId: string;
}): Promise<ShareRow[]> {
  const { deps, kind, itemId } = props;
  await authorizeItem(deps, { callerId: props.userId, kind, itemId, operation: 'share' });
  return sharesStore.listLive(deps.db, kind, itemId);
}
