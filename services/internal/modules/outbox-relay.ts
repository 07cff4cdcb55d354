import { OutboxRelay } from '../outbox/relay';
import type { ModuleContext, StartedModule } from '../module-runner';
import type { Provided } from './provided';

/**
 * Starts the relay that sends a module's outbox (the `outbox` table of its
 * schema) to Kafka, with the process's producer and poll interval. Every
 * module that writes events to an outbox calls this once; the module stops
 * the relay when it stops. The module must depend on `database` and
 * `producer` and read the `outbox` config section.
 */
export function startModuleOutboxRelay(
  { config, use, logger }: ModuleContext<Provided>,
  schema: string,
  options: { ordered?: boolean } = {},
): Required<Pick<StartedModule, 'stop'>> {
  const relay = new OutboxRelay({
    db: use('database'),
    schema,
    producer: use('producer'),
    pollMs: config.get('outbox').pollMs,
    logger,
    ordered: options.ordered,
  });
  relay.start();
  return { stop: () => relay.stop() };
}
