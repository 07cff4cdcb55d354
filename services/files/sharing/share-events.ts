import { create } from '@bufbuild/protobuf';
import {
  ShareClaimedSchema,
  ShareCreatedSchema,
  ShareRevokedSchema,
  ShareRoleChangedSchema,
} from '../../../proto/gen/events/v1/events_pb.js';
import type { Transaction } from '../../internal/db';
import { newEvent, type EventPayload } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import type { ShareRow } from './shares-store';

export type ShareChange =
  | { kind: 'created' }
  | { kind: 'revoked' }
  | { kind: 'roleChanged'; previousRole: string }
  | { kind: 'claimed' };

const about = (share: ShareRow) => ({
  shareId: share.id,
  ownerId: share.owner_id,
  itemKind: share.item_kind,
  itemId: share.item_id,
  granteeEmail: share.grantee_email,
});

// The account the share reaches now, for whoever tells the grantee (notifications); empty until one verified the address.
const reached = (share: ShareRow) => share.grantee_id ?? '';

function payloadFor(share: ShareRow, change: ShareChange): EventPayload {
  switch (change.kind) {
    case 'created':
      return {
        case: 'shareCreated',
        value: create(ShareCreatedSchema, { ...about(share), role: share.role, granteeId: reached(share) }),
      };
    case 'revoked':
      return { case: 'shareRevoked', value: create(ShareRevokedSchema, about(share)) };
    case 'claimed':
      // No address: the account's id says who, and the notification needs nothing more.
      return {
        case: 'shareClaimed',
        value: create(ShareClaimedSchema, {
          shareId: share.id,
          ownerId: share.owner_id,
          itemKind: share.item_kind,
          itemId: share.item_id,
          granteeId: reached(share),
          role: share.role,
        }),
      };
    case 'roleChanged':
      return {
        case: 'shareRoleChanged',
        value: create(ShareRoleChangedSchema, {
          ...about(share),
          previousRole: change.previousRole,
          role: share.role,
          granteeId: reached(share),
        }),
      };
  }
}

/** Records the change in the files outbox, in the transaction that made it; keyed by item, so an item's share events stay in order. */
export async function recordShareEvent(
  trx: Transaction,
  actorUserId: string,
  share: ShareRow,
  change: ShareChange,
): Promise<void> {
  await enqueueEvent(trx, 'files', {
    topic: TOPICS.filesEvents,
    key: share.item_id,
    event: newEvent(payloadFor(share, change), actorUserId),
  });
}
