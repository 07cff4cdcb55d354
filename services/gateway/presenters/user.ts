import { timestampDate } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { Session, User } from '../../../proto/gen/auth/v1/auth_pb.js';
import type { Plan } from '../../../proto/gen/billing/v1/billing_pb.js';
import type { Usage } from '../../../proto/gen/files/v1/files_pb.js';
import { AppError } from '../../internal/errors';
import { jsonSafeNumber, PlanSchema, presentPlan } from './plan';

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.email(),
    displayName: z.string(),
    role: z.enum(['user', 'admin']),
    emailVerified: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const SessionSchema = z
  .object({
    user: UserSchema,
    accessToken: z.string().describe('JWT (ES256), valid for expiresIn seconds'),
    refreshToken: z.string().describe('Opaque; single use: each refresh returns a new one'),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
  })
  .meta({ id: 'Session' });

export const ProfileSchema = UserSchema.extend({
  plan: PlanSchema,
  usage: z.object({
    usedBytes: z.number().int().describe('Every stored version, live or in the trash'),
    reservedBytes: z
      .number()
      .int()
      .describe(
        'Held by uploads in flight (pending files and new versions): counted against the quota until they complete or are released',
      ),
    quotaBytes: z.number().int(),
    fileCount: z.number().int(),
  }),
}).meta({ id: 'Profile' });

export function presentUser(user: User | undefined): z.infer<typeof UserSchema> {
  if (!user) throw new AppError('internal', 'the auth service answered without a user');
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role === 'admin' ? 'admin' : 'user',
    emailVerified: user.emailVerified,
    createdAt: (user.createdAt ? timestampDate(user.createdAt) : new Date(0)).toISOString(),
  };
}

export function presentSession(session: Session | undefined): z.infer<typeof SessionSchema> {
  if (!session) throw new AppError('internal', 'the auth service answered without a session');
  return {
    user: presentUser(session.user),
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresIn: session.expiresIn,
  };
}

export function presentProfile(
  user: User | undefined,
  plan: Plan | undefined,
  usage: Usage | undefined,
): z.infer<typeof ProfileSchema> {
  if (!usage) throw new AppError('internal', 'the files service answered without usage');
  return {
    ...presentUser(user),
    plan: presentPlan(plan),
    usage: {
      usedBytes: jsonSafeNumber(usage.usedBytes, 'usedBytes'),
      reservedBytes: jsonSafeNumber(usage.reservedBytes, 'reservedBytes'),
      quotaBytes: jsonSafeNumber(usage.quotaBytes, 'quotaBytes'),
      fileCount: usage.fileCount,
    },
  };
}
