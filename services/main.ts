// First: instrumentations patch modules as they are required (docs/tracing.md).
import { stopTracing } from './internal/tracing/start-tracing';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './internal/config';
import { createDatabase } from './internal/db';
import { migrate } from './internal/migrate';
import { TargetError } from './internal/module-runner';
import { isClusterWorker, reportWorkerStarted, superviseCluster } from './internal/process-cluster';
import { preparePlatform, startPlatform } from './platform';

const USAGE = `usage:
  node dist/services/main.js --target=<all|gateway|auth|admin|files|storage|billing|ingest|worker|operator>[,...]
      (all runs everything but the operator, which needs a Kubernetes API server)
  node dist/services/main.js migrate <latest|rollback|status>   (rollback reverts every migration)
  node dist/services/main.js admin create-admin <email> [--password-stdin]   (docs/admin.md)
  node dist/services/main.js reconcile-usage [--user <id>] [--fix] [--json]   (docs/usage-reconciliation.md)
  node dist/services/main.js release-cleanup --namespace <ns> --selector <labels>   (the chart's pre-delete hook, docs/helm.md)`;

async function runMigrations(command: string | undefined): Promise<void> {
  if (command !== 'latest' && command !== 'rollback' && command !== 'status') throw new TargetError(USAGE);
  const db = createDatabase(loadConfig(process.env, ['database']).get('database'));
  try {
    console.log(`migrate ${command}: ${await migrate(db, command)}`);
  } finally {
    await db.destroy();
  }
}

async function serve(targets: string[]): Promise<void> {
  // Validated here, so a bad install is reported once, not by every cluster worker.
  const prepared = await preparePlatform({ targets, env: process.env });
  const { workers } = prepared.config.get('processes');
  if (workers > 1 && !isClusterWorker()) return superviseCluster({ workers, logger: prepared.logger });
  const platform = await startPlatform(prepared);
  reportWorkerStarted();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    platform.logger.info({ signal }, 'stopping');
    platform
      .stop()
      .then(() => stopTracing())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          platform.logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // The primary is gone (killed hard): no one is left to stop this worker.
  if (isClusterWorker()) process.on('disconnect', () => shutdown('cluster primary gone'));
}

async function main(): Promise<void> {
  // Before the target options are parsed: it has options of its own.
  if (process.argv[2] === 'reconcile-usage') {
    const { runReconcileUsage } = await import('./reconcile-usage.js');
    process.exitCode = await runReconcileUsage(process.argv.slice(3));
    return;
  }
  if (process.argv[2] === 'admin') {
    const { runAdminCli } = await import('./auth/admin-cli.js');
    process.exitCode = await runAdminCli(process.argv.slice(3));
    return;
  }
  if (process.argv[2] === 'release-cleanup') {
    const { runReleaseCleanup } = await import('./operator/release-cleanup.js');
    process.exitCode = await runReleaseCleanup(process.argv.slice(3));
    return;
  }
  const { values, positionals } = parseArgs({
    options: { target: { type: 'string', multiple: true } },
    allowPositionals: true,
  });
  if (positionals[0] === 'migrate') return runMigrations(positionals[1]);
  if (positionals.length > 0) throw new TargetError(USAGE);
  return serve(values.target ?? (process.env.STREAMHUB_TARGET ? [process.env.STREAMHUB_TARGET] : []));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof TargetError) console.error(error.message);
  else console.error('streamhub failed to start:', error);
  process.exit(1);
});
