import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { Link } from '../../../proto/gen/files/v1/files_pb.js';

const iso = (value: Timestamp | undefined) => (value ? timestampDate(value).toISOString() : null);

export const LinkSchema = z
  .object({
    id: z.uuid(),
    expiresAt: z.iso.datetime(),
    maxDownloads: z.number().int().nullable(),
    downloads: z.number().int(),
    hasPassword: z.boolean(),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    // Not revoked, not expired and not used up (the file's state aside).
    active: z.boolean(),
  })
  .meta({ id: 'Link' });

export const CreatedLinkSchema = z
  .object({
    id: z.uuid(),
    url: z.url().describe('the public URL; shown in this answer only'),
    token: z.string().describe('the secret in the URL; shown in this answer only, never stored'),
    expiresAt: z.iso.datetime(),
    maxDownloads: z.number().int().nullable(),
    hasPassword: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'CreatedLink' });

export const OpenedLinkSchema = z
  .object({
    name: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    url: z.url(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'OpenedLink' });

export function presentLink(link: Link | undefined): z.infer<typeof LinkSchema> {
  return {
    id: link!.id,
    expiresAt: iso(link!.expiresAt)!,
    maxDownloads: link!.maxDownloads || null,
    downloads: link!.downloads,
    hasPassword: link!.hasPassword,
    createdAt: iso(link!.createdAt)!,
    revokedAt: iso(link!.revokedAt),
    active: link!.active,
  };
}
