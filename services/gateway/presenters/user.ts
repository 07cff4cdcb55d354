import { timestampDate } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { Session, User } from '../../../proto/gen/auth/v1/auth_pb.js';
import { AppError } from '../../internal/errors';

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
  plan: z.null().describe('The subscribed plan; null until billing is enabled'),
  usage: z.object({
    usedBytes: z.number().int(),
    quotaBytes: z.number().int().nullable(),
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

// Files and billing do not exist yet: nobody stores anything, so usage is
// genuinely zero and there is no plan. Both become real with the files issue.
export function presentProfile(user: User | undefined): z.infer<typeof ProfileSchema> {
  return { ...presentUser(user), plan: null, usage: { usedBytes: 0, quotaBytes: null, fileCount: 0 } };
}
