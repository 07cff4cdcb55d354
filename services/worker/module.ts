import { NativeConnection, Worker } from '@temporalio/worker';
import { workflowSource } from '../../workflows/workflow-source';
import type { ActivityProvider } from '../internal/modules/activity-provider';
import type { StreamHubModule } from '../internal/modules/provided';
import { connectTemporal } from '../internal/temporal-runtime';
import { activityTracingInterceptors, workflowTracingSinks } from '../internal/tracing/temporal-tracing';
import { ActivityMetrics } from './activity-metrics';
import { mergeActivities } from './merge-activities';
import { WorkflowMetrics } from './workflow-metrics';

/**
 * The worker target: every workflow in workflows/index.ts, and the
 * activities of the services that own those processes. modules.ts passes the
 * providers, so the worker knows no service and workflows/ imports none.
 */
export function createWorkerModule(providers: ActivityProvider[]): StreamHubModule {
  return {
    config: [...new Set(['temporal' as const, ...providers.flatMap((provider) => provider.config)])],
    async start(context) {
      const { config, use, logger } = context;
      const temporal = config.get('temporal');
      const activities = mergeActivities(
        providers.map((provider) => ({ provider, activities: provider.create(context) })),
      );
      // The client's connection when it is native (the temporalClient module's
      // is): workflows this process starts then run their first task here.
      const clientConnection = use('temporalClient').connection;
      const shared = clientConnection instanceof NativeConnection ? clientConnection : undefined;
      const connection = shared ?? (await connectTemporal(temporal.address));
      const { workflowModules, ...source } = workflowSource();
      const workflowMetrics = new WorkflowMetrics(use('metrics'));
      const worker = await Worker.create({
        connection,
        namespace: temporal.namespace,
        taskQueue: temporal.taskQueue,
        // A workflow's next task goes first to the worker that ran its last
        // one (its sticky queue). When that worker is busy (npm start runs
        // one per core) the task waited the default 10 s before any other
        // worker could take it, and an upload's `complete` waited with it
        // (seen in the soak: WorkflowTaskTimedOut after 10 s, then 503).
        stickyQueueScheduleToStartTimeout: '2s',
        ...source,
        activities,
        interceptors: {
          activity: [new ActivityMetrics(use('metrics')).interceptor(), ...activityTracingInterceptors()],
          ...(workflowModules.length > 0 ? { workflowModules } : {}),
        },
        sinks: { ...workflowMetrics.sinks(), ...workflowTracingSinks() },
      });
      const running = worker.run();
      running.catch((error: unknown) => logger.fatal({ err: error }, 'temporal worker stopped unexpectedly'));
      use('health').add('temporal-worker', async () => worker.getState() === 'RUNNING');
      logger.info(
        { taskQueue: temporal.taskQueue, namespace: temporal.namespace, activities: Object.keys(activities) },
        'temporal worker polling',
      );
      return {
        stop: async () => {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running.catch(() => undefined);
          if (!shared) await connection.close();
        },
      };
    },
  };
}
