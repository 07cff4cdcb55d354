import { z } from 'zod';

export const AccountIdParams = z.object({ id: z.uuid() });
export type AccountIdParams = z.infer<typeof AccountIdParams>;

export const AccountDeletionSchema = z
  .object({
    userId: z.uuid(),
    workflowId: z
      .string()
      .describe(
        '`account-deletion:<userId>`: find it in the Temporal UI by this id or by the UserId search attribute',
      ),
    status: z.literal('deleting'),
  })
  .meta({ id: 'AccountDeletion' });

export const UsageDriftQuery = z.object({
  userId: z.uuid().optional().describe('Check one user; every user when absent'),
});
export type UsageDriftQuery = z.infer<typeof UsageDriftQuery>;

const UsageFiguresSchema = z.object({
  usedBytes: z.number().int(),
  reservedBytes: z.number().int(),
  fileCount: z.number().int(),
});

export const UsageDriftReportSchema = z
  .object({
    checkedUsers: z.number().int(),
    drift: z.array(
      z.object({
        userId: z.uuid(),
        recorded: UsageFiguresSchema.describe('The usage row (what quotas and /v1/me read)'),
        fromRows: UsageFiguresSchema.describe('What the files and versions rows add up to'),
        stored: z
          .object({ bytes: z.number().int(), versions: z.number().int() })
          .describe('What the object store holds under the user’s prefix, uploads in flight aside'),
        problems: z.array(z.string()),
      }),
    ),
    unknownPrefixes: z
      .array(z.object({ userId: z.string(), bytes: z.number().int(), versions: z.number().int() }))
      .describe('Objects under users the files service has no rows for (not counted as drift)'),
  })
  .meta({ id: 'UsageDriftReport' });
