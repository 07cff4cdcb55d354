import { Client } from '@temporalio/client';
import { connectTemporal } from '../temporal-runtime';
import { temporalClientInterceptors } from '../tracing/temporal-tracing';
import type { StreamHubModule } from './provided';

/**
 * A Temporal client for modules that start, signal or update workflows. Its
 * native connection is the one the worker target polls on, so a start from
 * this process can run the first workflow task here at once (eager start).
 */
export const temporalClientModule: StreamHubModule = {
  config: ['temporal'],
  async start({ config }) {
    const temporal = config.get('temporal');
    const connection = await connectTemporal(temporal.address);
    const client = new Client({
      connection,
      namespace: temporal.namespace,
      interceptors: temporalClientInterceptors(),
    });
    return { value: client, stop: () => connection.close() };
  },
};
