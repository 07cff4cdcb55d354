import type { RouteDefinition } from '../route';
import { authRoutes } from './auth';
import { meRoutes } from './me';
import { opsRoutes } from './ops';

/** Every HTTP route the gateway serves; the router and /openapi.json both read this list. */
export const ROUTES: RouteDefinition[] = [...opsRoutes, ...authRoutes, ...meRoutes];
