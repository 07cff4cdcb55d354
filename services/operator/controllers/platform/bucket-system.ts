import type { Client } from 'minio';
import { ensureBucket } from '../../../internal/provisioning/bucket';
import type { StreamHubPlatformSpec } from '../../api/v1alpha1/types';
import { generateBucketSpec, PLATFORM_CONDITIONS, PLATFORM_REASONS } from './generate';
import { errorMessage, type SystemResult } from './system-result';

/** Bucket, versioning, the lifecycle rule and the Kafka notification (services/internal/provisioning/bucket.ts). */
export async function reconcileBucket(minio: Client, spec: StreamHubPlatformSpec): Promise<SystemResult> {
  const type = PLATFORM_CONDITIONS.bucket;
  try {
    const report = await ensureBucket(minio, generateBucketSpec(spec));
    const lifecycle =
      report.abortIncompleteUploadsRule === 'applied'
        ? `incomplete multipart uploads are aborted after ${spec.bucket.abortIncompleteMultipartUploadDays} day(s)`
        : 'the S3 server refuses AbortIncompleteMultipartUpload lifecycle rules (MinIO aborts stale uploads itself after MINIO_API_STALE_UPLOADS_EXPIRY, 24h by default)';
    return {
      condition: {
        type,
        status: 'True',
        reason: PLATFORM_REASONS.bucketProvisioned,
        message: `bucket ${spec.bucket.name} is versioned and notifies ${spec.bucket.notification.arn} for ${spec.bucket.notification.prefix}; ${lifecycle}`,
      },
      changes: report.changes.map((change) => `bucket ${spec.bucket.name}: ${change}`),
      retry: false,
    };
  } catch (error) {
    return {
      condition: {
        type,
        status: 'False',
        reason: PLATFORM_REASONS.bucketError,
        message: `bucket ${spec.bucket.name}: ${errorMessage(error)}`,
      },
      changes: [],
      retry: true,
    };
  }
}
