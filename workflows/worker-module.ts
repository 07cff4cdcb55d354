import { NativeConnection, Worker } from '@temporalio/worker';
import type { StreamHubModule } from '../services/internal/modules/provided';
import { workflowSource } from './workflow-source';

export const workerModule: StreamHubModule = {
  config: ['temporal'],
  async start({ config, use, logger }) {
    const temporal = config.get('temporal');
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
