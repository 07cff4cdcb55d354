import type { Client } from 'minio';
import { ensureBucket } from '../../../internal/provisioning/bucket';
import type { StreamHubPlatformSpec } from '../../api/v1alpha1/types';
import { generateBucketSpec, PLATFORM_CONDITIONS, PLATFORM_REASONS } from './generate';
import { errorMessage, systemNotReady, systemReady, type SystemResult } from './system-result';

/** Bucket, versioning, the lifecycle rule and the Kafka notification (services/internal/provisioning/bucket.ts). */
export async function reconcileBucket(minio: Client, spec: StreamHubPlatformSpec): Promise<SystemResult> {
  const type = PLATFORM_CONDITIONS.bucket;
  try {
    const report = await ensureBucket(minio, generateBucketSpec(spec));
    const lifecycle =
      report.abortIncompleteUploadsRule === 'applied'
        ? `incomplete multipart uploads are aborted after ${spec.bucket.abortIncompleteMultipartUploadDays} day(s)`
        : 'the S3 server refuses AbortIncompleteMultipartUpload lifecycle rules (MinIO aborts stale uploads itself after MINIO_API_STALE_UPLOADS_EXPIRY, 24h by default)';
    return systemReady(
      type,
      PLATFORM_REASONS.bucketProvisioned,
      `bucket ${spec.bucket.name} is versioned and notifies ${spec.bucket.notification.arn} for ${spec.bucket.notification.prefix}; ${lifecycle}`,
      report.changes.map((change) => `bucket ${spec.bucket.name}: ${change}`),
    );
  } catch (error) {
    return systemNotReady(
      type,
      PLATFORM_REASONS.bucketError,
      `bucket ${spec.bucket.name}: ${errorMessage(error)}`,
      { retry: true },
    );
  }
}
