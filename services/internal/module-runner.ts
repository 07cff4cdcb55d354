import type { Config, ConfigSectionName } from './config';
import type { Logger } from './logger';

// A small module graph in the manner of Loki's `-target`: each module names
// its dependencies and the config sections it reads; the runner starts the
// closure of the chosen targets in dependency order and stops it in reverse.

export interface ModuleContext<Provided> {
  config: Config;
  logger: Logger;
  /** The value an already started dependency provides. */
  use: <N extends keyof Provided & string>(name: N) => Provided[N];
}

export interface StartedModule {
  value?: unknown;
  /** Runs once every module has started (for example: a server begins to listen after all services registered). */
  afterStart?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface ModuleDefinition<Provided> {
  config: ConfigSectionName[];
  start(context: ModuleContext<Provided>): Promise<StartedModule>;
}

export interface ModuleEntry<Provided> {
  /** Targets can be run as a process; infrastructure modules only as dependencies. */
  kind: 'target' | 'infrastructure';
  /** False for a target `all` leaves out (the operator: it needs a Kubernetes API server). */
  inAll?: boolean;
  /** Started before this module; only these may be passed to `use`. */
  deps: string[];
  load(): Promise<ModuleDefinition<Provided>>;
}

export type ModuleRegistry<Provided> = Record<string, ModuleEntry<Provided>>;

export class TargetError extends Error {}

/** Resolves `--target` values (`all`, or comma-separated names) to target names. */
export function resolveTargets(registry: ModuleRegistry<unknown>, requested: string[]): string[] {
  const targets = Object.keys(registry).filter((name) => registry[name]?.kind === 'target');
  const names = requested
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new TargetError(`no target given: use --target=all or one of ${targets.join(', ')}`);
  if (names.includes('all'))
    return [
      ...new Set([
        ...targets.filter((name) => registry[name]?.inAll !== false),
        ...names.filter((name) => name !== 'all' && targets.includes(name)),
      ]),
    ];
  const unknown = names.filter((name) => !targets.includes(name));
  if (unknown.length > 0)
    throw new TargetError(`unknown target ${unknown.join(', ')}: choose all or one of ${targets.join(', ')}`);
  return [...new Set(names)];
}

/** The targets and everything they depend on, dependencies first. */
export function startOrder(registry: ModuleRegistry<unknown>, targets: string[]): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, path: string[]) => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new Error(`module cycle: ${[...path, name].join(' -> ')}`);
    const entry = registry[name];
    if (!entry) throw new Error(`module ${path.at(-1) ?? '?'} depends on unknown module ${name}`);
    visiting.add(name);
    for (const dep of entry.deps) visit(dep, [...path, name]);
    visiting.delete(name);
    order.push(name);
  };
  for (const target of targets) visit(target, []);
  return order;
}

export interface RunningModules {
  readonly names: string[];
  stop(): Promise<void>;
}

/** Starts modules in order; if one fails, stops those already started and rethrows. */
export async function startModules<Provided>(options: {
  order: string[];
  definitions: Map<string, ModuleDefinition<Provided>>;
  config: Config;
  logger: Logger;
}): Promise<RunningModules> {
  const values = new Map<string, unknown>();
  const started: Array<{ name: string; module: StartedModule }> = [];
  const stopAll = async () => {
    for (const { name, module } of [...started].reverse()) {
      const started = Date.now();
      try {
        await module.stop?.();
        options.logger.debug({ module: name, ms: Date.now() - started }, 'module stopped');
      } catch (error) {
        options.logger.error({ err: error, module: name }, 'module failed to stop cleanly');
      }
    }
  };
  try {
    for (const name of options.order) {
      const definition = options.definitions.get(name);
      if (!definition) throw new Error(`module ${name} was not loaded`);
      const logger = options.logger.child({ module: name });
      const module = await definition.start({
        config: options.config,
        logger,
        use: (dependency) => {
          if (!values.has(dependency))
            throw new Error(`module ${name} used ${dependency} without declaring it as a dependency`);
          return values.get(dependency) as never;
        },
      });
      values.set(name, module.value);
      started.push({ name, module });
    }
    for (const { module } of started) await module.afterStart?.();
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    names: started.map(({ name }) => name),
    stop: stopAll,
  };
}
