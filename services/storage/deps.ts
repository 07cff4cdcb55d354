import type { ObjectStore, S3Settings } from './s3/object-store';

/** What the storage commands need, built once by module.ts. */
export interface StorageDeps {
  objects: ObjectStore;
  /** Uploads larger than this become multipart; DEFAULT_MULTIPART_THRESHOLD_BYTES when unset. */
  multipartThresholdBytes?: number;
  /** The clock presigned URLs are dated by. */
  now?: () => Date;
}

/** Config section `s3`, as services/internal/config.ts will declare it. */
export type S3Config = S3Settings;

/** Config section `storage`, as services/internal/config.ts will declare it. */
export interface StorageConfig {
  multipartThresholdBytes: number;
}

/** The two sections this service reads, typed here until the shared config declares them. */
export interface StorageConfigSections {
  get(name: 's3'): S3Config;
  get(name: 'storage'): StorageConfig;
}
