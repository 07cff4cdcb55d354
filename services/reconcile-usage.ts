import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { StorageService } from '../proto/gen/storage/v1/storage_pb.js';
import { reconcileUsage, type UsageReconciliation } from './files/commands/reconcile-usage';
import { createFilesDeps } from './files/create-deps';
import { NO_CACHE } from './internal/cache/guarded-cache';
import { loadConfig } from './internal/config';
import { createDatabase } from './internal/db';
import { LocalServices } from './internal/grpc/local-services';
import { createLogger } from './internal/logger';
import { createStorageHandlers } from './storage/handlers';
import { ObjectStore } from './storage/s3/object-store';

export const RECONCILE_USAGE_USAGE = `usage:
  node dist/services/main.js reconcile-usage [--user <id>] [--fix] [--json]
      compares each user's usage with the files rows and the object store (docs/usage-reconciliation.md);
      exits 1 when any user drifts. --fix recomputes the usage rows that disagree with the rows.`;

/**
 * `main.js reconcile-usage`: the files service's reconciliation with storage
 * in this process (no running app needed: it reads the database and the
 * bucket the environment names), so `npm test` can run it after jest.
 */
export async function runReconcileUsage(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string' }, fix: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const config = loadConfig(process.env, ['database', 's3', 'files', 'grpcClients', 'temporal']);
  const db = createDatabase(config.get('database'));
  const local = new LocalServices(createLogger({ level: 'warn' }));
  local.register(StorageService, createStorageHandlers({ objects: new ObjectStore(config.get('s3')) }));
  try {
    const deps = createFilesDeps({
      db,
      // Never used by the reconciliation; a lazy client connects only when called.
      temporal: new Client(),
      config,
      local,
      // The usage rows a --fix rewrites are read by the app through its cache: no cache here means none is stale.
      usageCache: NO_CACHE,
    });
    const result = await reconcileUsage({ deps, userId: values.user, fix: values.fix });
    console.log(values.json ? JSON.stringify(result, null, 2) : describe(result));
    return result.drift.length > 0 && !values.fix ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

function describe(result: UsageReconciliation): string {
  const lines = [
    `usage reconciliation: ${result.checkedUsers} users checked, ${result.drift.length} with drift` +
      (result.fixed > 0 ? `, ${result.fixed} usage rows recomputed` : ''),
  ];
  for (const drift of result.drift) {
    lines.push(
      `  user ${drift.userId}: usage ${JSON.stringify(drift.recorded)}, rows ${JSON.stringify(drift.fromRows)}, stored ${JSON.stringify(drift.stored)}`,
    );
    for (const problem of drift.problems) lines.push(`    - ${problem}`);
  }
  if (result.unknownPrefixes.length > 0)
    lines.push(
      `  ${result.unknownPrefixes.length} prefixes in the bucket belong to users the files schema does not know (not drift): ` +
        `${result.unknownPrefixes.reduce((sum, prefix) => sum + prefix.versions, 0)} S3 versions`,
    );
  return lines.join('\n');
}
