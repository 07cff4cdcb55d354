import { loadConfig, type Config } from './internal/config';
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

/** Validated and loaded, not started yet: what a cluster primary checks before it forks. */
export interface PreparedPlatform {
  order: string[];
  definitions: Map<string, ModuleDefinition<Provided>>;
  config: Config;
  logger: Logger;
}

/** Loads the chosen targets and their dependencies and validates config for exactly those. */
export async function preparePlatform(options: {
  targets: string[];
  env: Record<string, string | undefined>;
}): Promise<PreparedPlatform> {
  const targets = resolveTargets(MODULES, options.targets);
  // Kubernetes probes every process on HTTP_PORT; the gateway serves the probe paths itself.
  const roots = targets.includes('gateway') ? targets : [...targets, 'probeServer'];
  const order = startOrder(MODULES, roots);
  const definitions = new Map<string, ModuleDefinition<Provided>>();
  for (const name of order) definitions.set(name, await MODULES[name]!.load());
  const config = loadConfig(options.env, [
    'core',
    'processes',
    ...[...definitions.values()].flatMap((definition) => definition.config),
  ]);
  const { logLevel, logFormat } = config.get('core');
  const logger = createLogger({ level: logLevel, format: logFormat });
  return { order, definitions, config, logger };
}

/** Validates config for exactly the chosen targets, then starts them and their dependencies. */
export async function startPlatform(
  options: { targets: string[]; env: Record<string, string | undefined> } | PreparedPlatform,
): Promise<RunningPlatform> {
  const { order, definitions, config, logger } =
    'order' in options ? options : await preparePlatform(options);
  const running = await startModules({ order, definitions, config, logger });
  logger.info({ modules: running.names }, 'streamhub started');
  return { ...running, logger };
}
