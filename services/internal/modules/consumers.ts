import type { ModuleContext, StartedModule } from '../module-runner';
import { startConsumers, type EventHandler, type MessageHandler } from '../kafka/consumer';
import type { Provided } from './provided';

/**
 * Starts a module's Kafka consumers with the process's Kafka client, group
 * and topic prefixes; the module stops them when it stops. The module must depend on
 * `kafka` and read the `kafka` config section.
 */
export async function startModuleConsumers(
  { config, use, logger }: ModuleContext<Provided>,
  handlers: Array<EventHandler | MessageHandler>,
): Promise<StartedModule> {
  const stop = await startConsumers({
    kafka: use('kafka'),
    handlers,
    logger,
    groupPrefix: config.get('kafka').groupPrefix,
    topicPrefix: config.get('kafka').topicPrefix,
    // The kafka module depends on metrics, so the registry has started before any consumer.
    metrics: use('metrics'),
  });
  return { stop };
}
