import type { Client } from '@temporalio/client';
import type { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import type { StorageService } from '../../proto/gen/storage/v1/storage_pb.js';
import type { ReadCache } from '../internal/cache/guarded-cache';
import type { ConfigSection } from '../internal/config';
import type { Database } from '../internal/db';
import type { ServiceClient } from '../internal/grpc/client';
import type { UploadMetrics } from './upload-metrics';

/** What the files commands and the upload/trash activities need. */
export interface FilesDeps {
  db: Database;
  storage: ServiceClient<typeof StorageService>;
  billing: ServiceClient<typeof BillingService>;
  temporal: Client;
  taskQueue: string;
  settings: ConfigSection<'files'>;
  /** Users' usage rows (getUsage); filesStore.lockUsage guards every change through it. */
  usageCache: ReadCache;
  /** Upload confirmation latency; only the worker, which commits uploads, has it. */
  uploadMetrics?: UploadMetrics;
}
