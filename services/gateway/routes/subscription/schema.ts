import { z } from 'zod';

export const ChangePlanBody = z.object({
  planId: z.string().trim().min(1).max(253).describe("the plan's id or its slug (free, plus, pro...)"),
});
export type ChangePlanBody = z.infer<typeof ChangePlanBody>;
