import { timestampDate } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { User } from '../../../../proto/gen/auth/v1/auth_pb.js';
import { presentUser, UserSchema } from '../../presenters/user';

export const AdminUserSchema = UserSchema.extend({
  disabled: z.boolean(),
  disabledAt: z.iso.datetime().nullable().describe('When an admin disabled the account'),
}).meta({ id: 'AdminUser' });

export const AdminUserListSchema = z
  .object({
    items: z.array(AdminUserSchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'AdminUserList' });

export const ListUsersQuery = z.object({
  email: z.string().trim().min(1).max(255).optional().describe('case-insensitive substring of the email'),
  role: z.enum(['user', 'admin']).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1024).optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

export const UserIdParams = z.object({ id: z.uuid() });
export type UserIdParams = z.infer<typeof UserIdParams>;

export const UpdateUserAccessBody = z
  .object({
    role: z.enum(['user', 'admin']).optional(),
    disabled: z.boolean().optional().describe('true disables the account and ends its sessions at once'),
  })
  .refine((body) => body.role !== undefined || body.disabled !== undefined, {
    message: 'give role, disabled or both',
  });
export type UpdateUserAccessBody = z.infer<typeof UpdateUserAccessBody>;

export function presentAdminUser(user: User | undefined): z.infer<typeof AdminUserSchema> {
  const disabledAt = user?.disabledAt ? timestampDate(user.disabledAt).toISOString() : null;
  return { ...presentUser(user), disabled: disabledAt !== null, disabledAt };
}
