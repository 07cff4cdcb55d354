import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createFilesDeps } from '../services/files/create-deps';
import type { StreamHubModule } from '../services/internal/modules/provided';
import { createTrashActivities } from './trash/activities';
import { createUploadActivities } from './upload/activities';
import { workflowSource } from './workflow-source';

let runtimeInstalled = false;

// The SDK would otherwise trap SIGINT/SIGTERM and stop the worker on its own;
// main.ts owns shutdown and stops modules in order.
function installRuntimeOnce(): void {
  if (runtimeInstalled) return;
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

export const workerModule: StreamHubModule = {
  config: ['temporal', 'files', 'grpcClients'],
  async start({ config, use, logger }) {
    const temporal = config.get('temporal');
    installRuntimeOnce();
    const deps = createFilesDeps({ db: use('database'), temporal: use('temporalClient'), config });
    const connection = await NativeConnection.connect({ address: temporal.address });
    const worker = await Worker.create({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      ...workflowSource(),
      activities: { ...createUploadActivities(deps), ...createTrashActivities(deps) },
    });
    const running = worker.run();
    running.catch((error: unknown) => logger.fatal({ err: error }, 'temporal worker stopped unexpectedly'));
    use('health').add('temporal-worker', async () => worker.getState() === 'RUNNING');
    logger.info({ taskQueue: temporal.taskQueue, namespace: temporal.namespace }, 'temporal worker polling');
    return {
      stop: async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
      },
    };
  },
};
