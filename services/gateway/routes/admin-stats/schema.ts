import { z } from 'zod';

const count = z.number().int().min(0);

export const AdminStatsSchema = z
  .object({
    users: z.object({
      total: count,
      byRole: z.object({ user: count, admin: count }),
      disabled: count,
    }),
    subscriptions: z.object({
      activeByPlan: z.array(z.object({ plan: z.string().describe('the plan’s slug'), active: count })),
    }),
    storage: z.object({ bytesStored: count.describe('Every stored version, live or in the trash') }),
    uploadsPerDay: z
      .array(z.object({ day: z.iso.date(), count }))
      .describe('Uploads that became ready per UTC day, the last 30 days, oldest first'),
    messagesPerDay: z
      .array(z.object({ day: z.iso.date(), count }))
      .describe('Messages posted per UTC day (deleted ones too), the last 30 days, oldest first'),
  })
  .meta({ id: 'AdminStats' });
