import type { ObjectStore } from './s3/object-store';

/** What the storage commands need, built once by module.ts. */
export interface StorageDeps {
  objects: ObjectStore;
  /** Uploads larger than this become multipart; DEFAULT_MULTIPART_THRESHOLD_BYTES when unset. */
  multipartThresholdBytes?: number;
  /** The clock presigned URLs are dated by. */
  now?: () => Date;
}
