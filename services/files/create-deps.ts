import type { Client } from '@temporalio/client';
import { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { StorageService } from '../../proto/gen/storage/v1/storage_pb.js';
import type { ReadCache } from '../internal/cache/guarded-cache';
import type { Config } from '../internal/config';
import type { Database } from '../internal/db';
import { createServiceClient } from '../internal/grpc/client';
import type { LocalServices } from '../internal/grpc/local-services';
import type { FilesDeps } from './deps';

/**
 * Shared by the files service and the worker that runs its upload and trash
 * activities. Storage and billing are called in-process when `local` (this
 * process's services) has them, else over gRPC.
 */
export function createFilesDeps(options: {
  db: Database;
  temporal: Client;
  config: Config;
  local?: LocalServices;
  /** Usage reads; every process that changes usage must share it with the readers (GuardedCache on Redis). */
  usageCache: ReadCache;
}): FilesDeps {
  const clients = options.config.get('grpcClients');
  return {
    db: options.db,
    temporal: options.temporal,
    taskQueue: options.config.get('temporal').taskQueue,
    settings: options.config.get('files'),
    usageCache: options.usageCache,
    storage: createServiceClient(StorageService, clients.storageUrl, options.local),
    billing: createServiceClient(BillingService, clients.billingUrl, options.local),
  };
}
