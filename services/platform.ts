import { loadConfig } from './internal/config';
import { createLogger, type Logger } from './internal/logger';
import {
  resolveTargets,
  startModules,
  startOrder,
  type ModuleDefinition,
  type RunningModules,
} from './internal/module-runner';
import type { Provided } from './internal/modules/provided';
import { MODULES } from './modules';

export interface RunningPlatform extends RunningModules {
  logger: Logger;
}

/** Validates config for exactly the chosen targets, then starts them and their dependencies. */
export async function startPlatform(options: {
  targets: string[];
  env: Record<string, string | undefined>;
}): Promise<RunningPlatform> {
  const targets = resolveTargets(MODULES, options.targets);
  // Kubernetes probes every process on HTTP_PORT; the gateway serves the probe paths itself.
  const roots = targets.includes('gateway') ? targets : [...targets, 'probeServer'];
  const order = startOrder(MODULES, roots);
  const definitions = new Map<string, ModuleDefinition<Provided>>();
  for (const name of order) definitions.set(name, await MODULES[name]!.load());
  const config = loadConfig(options.env, [
    'core',
    ...[...definitions.values()].flatMap((definition) => definition.config),
  ]);
  const { logLevel, logFormat } = config.get('core');
  const logger = createLogger({ level: logLevel, format: logFormat });
  const running = await startModules({ order, definitions, config, logger });
  logger.info({ modules: running.names }, 'streamhub started');
  return { ...running, logger };
}
