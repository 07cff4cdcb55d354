import { z } from 'zod';

export const UpdateMeBody = z.object({ displayName: z.string().trim().min(1).max(100).optional() });
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;
