import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { LinkCreatedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { newEvent } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import { enqueueEvent } from '../../internal/outbox/outbox';
import { authorizeItem } from '../access/authorize';
import type { FilesDeps } from '../deps';
import { LINK_ERRORS } from './errors';
import { resolveLinkExpiry } from './link-expiry';
import { linkPasswordHasher } from './link-passwords';
import { linkStore, type LinkRow } from './link-store';
import { hashLinkToken, newLinkToken } from './link-token';

export const MAX_LINK_DOWNLOADS = 1_000_000;
// bcrypt reads only the first 72 bytes: a longer password is refused rather
// than silently matched by any other with the same first 72 bytes.
export const MAX_LINK_PASSWORD_BYTES = 72;

/**
 * A new public link to a file (owner only). The token is answered here and
 * never again: only its SHA-256 is stored, and the link.created event carries
 * neither. The row and the event are written in one transaction.
 */
export async function createLink(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  expiresAt?: Date;
  expiresInSeconds?: number;
  maxDownloads?: number;
  password?: string;
}): Promise<{ link: LinkRow; token: string }> {
  const { deps, userId, fileId, maxDownloads, password } = props;
  const expiresAt = resolveLinkExpiry(props, deps.settings);
  if (
    maxDownloads !== undefined &&
    (!Number.isInteger(maxDownloads) || maxDownloads < 1 || maxDownloads > MAX_LINK_DOWNLOADS)
  )
    throw LINK_ERRORS.invalidField('body.maxDownloads', `must be an integer from 1 to ${MAX_LINK_DOWNLOADS}`);
  if (
    password !== undefined &&
    (password.length < 1 || Buffer.byteLength(password, 'utf8') > MAX_LINK_PASSWORD_BYTES)
  )
    throw LINK_ERRORS.invalidField('body.password', `must be 1 to ${MAX_LINK_PASSWORD_BYTES} bytes`);
  const { ownerId } = await authorizeItem(deps, {
    callerId: userId,
    kind: 'file',
    itemId: fileId,
    operation: 'createLink',
  });
  const token = newLinkToken();
  // Hashed before the transaction: bcrypt takes tens of milliseconds.
  const passwordHash =
    password === undefined ? null : await linkPasswordHasher(deps.settings.bcryptCost).hash(password);
  const link = await deps.db.transaction(async (trx) => {
    const inserted = await linkStore.insert(trx, {
      id: randomUUID(),
      file_id: fileId,
      owner_id: ownerId,
      token_hash: hashLinkToken(token),
      expires_at: expiresAt,
      max_downloads: maxDownloads ?? null,
      password_hash: passwordHash,
    });
    const event = newEvent(
      {
        case: 'linkCreated',
        value: create(LinkCreatedSchema, {
          linkId: inserted.id,
          fileId,
          ownerId,
          expiresAt: timestampFromDate(inserted.expires_at),
          maxDownloads: inserted.max_downloads ?? 0,
          hasPassword: passwordHash !== null,
        }),
      },
      userId,
    );
    await enqueueEvent(trx, 'files', { topic: TOPICS.filesEvents, key: fileId, event });
    return inserted;
  });
  return { link, token };
}
