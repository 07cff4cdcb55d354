import { Client, Connection } from '@temporalio/client';
import type { StreamHubModule } from './provided';

/** A Temporal client for modules that start, signal or update workflows. */
export const temporalClientModule: StreamHubModule = {
  config: ['temporal'],
  async start({ config }) {
    const temporal = config.get('temporal');
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, namespace: temporal.namespace });
    return { value: client, stop: () => connection.close() };
  },
};
