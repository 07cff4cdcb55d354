import { create } from '@bufbuild/protobuf';
import { LinkRevokedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import { authorizeItem } from '../access/authorize';
import type { FilesDeps } from '../deps';
import { LINK_ERRORS } from './errors';
import { linkStore } from './link-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Revokes one of a file's links (owner only). Revoking a revoked link
 * succeeds again without a second event; a link of another file is not found.
 */
export async function revokeLink(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  linkId: string;
}): Promise<void> {
  const { deps, userId, fileId, linkId } = props;
  const { ownerId } = await authorizeItem(deps, {
    callerId: userId,
    kind: 'file',
    itemId: fileId,
    operation: 'revokeLink',
  });
  // Link ids are UUIDs: anything else names no link (and would not parse in SQL).
  if (!UUID.test(linkId)) throw LINK_ERRORS.linkNotFound();
  await deps.db.transaction(async (trx) => {
    const revoked = await linkStore.revoke(trx, fileId, linkId);
    if (!revoked) {
      if (await linkStore.exists(trx, fileId, linkId)) return;
      throw LINK_ERRORS.linkNotFound();
    }
    const event = newEvent(
      { case: 'linkRevoked', value: create(LinkRevokedSchema, { linkId, fileId, ownerId }) },
      userId,
    );
    await enqueueEvent(trx, 'files', { topic: TOPICS.filesEvents, key: fileId, event });
  });
}
