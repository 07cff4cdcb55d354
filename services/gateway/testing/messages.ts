import { randomUUID } from 'node:crypto';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { SessionSchema, UserSchema } from '../../../proto/gen/auth/v1/auth_pb.js';
import { PlanSchema } from '../../../proto/gen/billing/v1/billing_pb.js';
import { FileSchema, FolderSchema, UsageSchema } from '../../../proto/gen/files/v1/files_pb.js';

// What the services answer, with plausible defaults, for fake backends.
export const CREATED_AT = new Date('2026-01-02T03:04:05.000Z');
const createdAt = timestampFromDate(CREATED_AT);

export const userMessage = (fields: MessageInitShape<typeof UserSchema> = {}) =>
  create(UserSchema, {
    id: randomUUID(),
    email: 'ada@example.test',
    displayName: 'Ada',
    role: 'user',
    emailVerified: false,
    createdAt,
    ...fields,
  });

export const sessionMessage = (user = userMessage()) =>
  create(SessionSchema, {
    user,
    accessToken: 'access.token.jwt',
    refreshToken: 'refresh-token',
    expiresIn: 900,
  });

export const planMessage = (fields: MessageInitShape<typeof PlanSchema> = {}) =>
  create(PlanSchema, {
    id: randomUUID(),
    slug: 'free',
    name: 'Free',
    storageQuotaBytes: 5n * 1024n ** 3n,
    maxFileSizeBytes: 512n * 1024n ** 2n,
    trashRetentionSeconds: 30 * 86_400,
    periodDays: 30,
    priceCents: 0,
    ...fields,
  });

export const usageMessage = (fields: MessageInitShape<typeof UsageSchema> = {}) =>
  create(UsageSchema, {
    usedBytes: 0n,
    reservedBytes: 0n,
    fileCount: 0,
    quotaBytes: 5n * 1024n ** 3n,
    ...fields,
  });

export const fileMessage = (fields: MessageInitShape<typeof FileSchema> = {}) =>
  create(FileSchema, {
    id: randomUUID(),
    name: 'notes.txt',
    size: 12n,
    contentType: 'text/plain',
    status: 'ready',
    folderId: '',
    starred: false,
    version: 1,
    createdAt,
    updatedAt: createdAt,
    ...fields,
  });

export const folderMessage = (fields: MessageInitShape<typeof FolderSchema> = {}) =>
  create(FolderSchema, {
    id: randomUUID(),
    name: 'Photos',
    parentId: '',
    createdAt,
    updatedAt: createdAt,
    ...fields,
  });
