import type { ConfigSectionName } from '../config';
import type { ModuleContext } from '../module-runner';
import type { Provided } from './provided';

/**
 * A service's share of the worker: the activities of the durable processes
 * it owns, built from its own deps. modules.ts hands the providers to the
 * worker, so neither workflows/ nor the worker imports a service.
 */
export interface ActivityProvider {
  /** Names the owner in errors, for example a clash of activity names. */
  service: string;
  /** Config sections the activities read; validated at start-up with the worker's own. */
  config: ConfigSectionName[];
  /** Called once per worker start; may `use` only the worker's deps in modules.ts. */
  create(context: ModuleContext<Provided>): object;
}
