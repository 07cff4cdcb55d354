// The streamhub.io objects the operator's tests use, in one place: as a user
// writes them (only what has no default) and, for unit tests, as the operator
// reads them (every CRD default filled in; crds.int.test.ts checks that the
// API server fills in exactly these).
import {
  API_VERSION,
  PLAN_KIND,
  PLATFORM_KIND,
  type PlanSpec,
  type StreamHubPlatformSpec,
} from '../api/v1alpha1/types';

/** The ARN of the quick-start MinIO's Kafka notification target. */
export const NOTIFICATION_ARN = 'arn:minio:sqs::STREAMHUB:kafka';

/**
 * A StreamHubPlatform as a user writes it. Each entry of `spec` replaces
 * that whole top-level field; tests of validation pass invalid ones.
 */
export function platformManifest(name: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: API_VERSION,
    kind: PLATFORM_KIND.kind,
    metadata: { name },
    spec: {
      bucket: { name: 'streamhub', notification: { arn: NOTIFICATION_ARN } },
      temporal: { namespace: 'streamhub' },
      ...spec,
    },
  };
}

/** The spec of `platformManifest(name)` as the operator reads it, with top-level fields replaced. */
export function platformSpec(overrides: Partial<StreamHubPlatformSpec> = {}): StreamHubPlatformSpec {
  return {
    bucket: {
      name: 'streamhub',
      abortIncompleteMultipartUploadDays: 1,
      notification: { arn: NOTIFICATION_ARN, prefix: 'users/' },
    },
    kafka: {},
    temporal: {
      namespace: 'streamhub',
      retentionDays: 7,
      searchAttributes: [
        { name: 'UserId', type: 'Keyword' },
        { name: 'FileId', type: 'Keyword' },
      ],
    },
    migrations: { apply: true },
    ...overrides,
  };
}

/** A Plan as a user writes it: a 1Gi free plan named after its slug, with fields replaced. */
export function planManifest(name: string, spec: Partial<Record<keyof PlanSpec, unknown>> = {}) {
  return {
    apiVersion: API_VERSION,
    kind: PLAN_KIND.kind,
    metadata: { name },
    spec: {
      displayName: name,
      storageQuota: '1Gi',
      maxFileSize: '1Gi',
      trashRetentionDays: 30,
      periodDays: 30,
      priceCents: 0,
      ...spec,
    },
  };
}
