import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { StreamHubModule } from '../services/internal/modules/provided';
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
  config: ['temporal'],
  async start({ config, use, logger }) {
    const temporal = config.get('temporal');
    installRuntimeOnce();
    const connection = await NativeConnection.connect({ address: temporal.address });
    const worker = await Worker.create({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      ...workflowSource(),
      activities: {},
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
