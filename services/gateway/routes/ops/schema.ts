import { z } from 'zod';

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadinessSchema = z
  .object({ ready: z.boolean(), checks: z.record(z.string(), z.boolean()) })
  .meta({ id: 'Readiness' });
export const JwksSchema = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .meta({ id: 'JsonWebKeySet' });
export const DocsAssetParams = z.object({ file: z.string() });
export type DocsAssetParams = z.infer<typeof DocsAssetParams>;
