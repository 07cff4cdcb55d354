import { z } from 'zod';
import { AdminSubscriptionSchema } from '../../presenters/subscription';

export const ListSubscriptionsQuery = z.object({
  status: z.enum(['active', 'past_due', 'canceled', 'expired']).optional(),
  plan: z.string().trim().min(1).max(253).optional().describe("a plan's id or slug"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1024).optional().describe('nextCursor of the previous page (opaque)'),
});
export type ListSubscriptionsQuery = z.infer<typeof ListSubscriptionsQuery>;

export const SubscriptionPage = z
  .object({ items: z.array(AdminSubscriptionSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminSubscriptionPage' });

export const UserIdParams = z.object({ userId: z.uuid() });
export type UserIdParams = z.infer<typeof UserIdParams>;

export const PatchSubscriptionBody = z
  .object({
    action: z
      .enum(['renew', 'expire'])
      .optional()
      .describe('renew: charge now, a new period starts now; expire: end now'),
    paymentOutcome: z
      .enum(['succeed', 'fail'])
      .optional()
      .describe("what the test payment provider answers for this user's next charges"),
  })
  .refine((body) => body.action !== undefined || body.paymentOutcome !== undefined, {
    message: 'give action, paymentOutcome or both',
  });
export type PatchSubscriptionBody = z.infer<typeof PatchSubscriptionBody>;
