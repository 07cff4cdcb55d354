import { z } from 'zod';

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadinessSchema = z
  .object({ ready: z.boolean(), checks: z.record(z.string(), z.boolean()) })
  .meta({ id: 'Readiness' });
export const JwksSchema = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .meta({ id: 'JsonWebKeySet' });
// Only the outline: the document describes itself, and the OpenAPI project publishes its schema.
export const OpenApiDocumentSchema = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string() }).loose(),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.record(z.string(), z.unknown()),
  })
  .loose();
export const DocsAssetParams = z.object({ file: z.string() });
export type DocsAssetParams = z.infer<typeof DocsAssetParams>;
