import type { RouteDefinition } from '../route';
import { adminAccountRoutes } from './admin-accounts';
import { adminAuditRoutes } from './admin-audit';
import { adminStatsRoutes } from './admin-stats';
import { adminSubscriptionRoutes } from './admin-subscriptions';
import { adminUserRoutes } from './admin-users';
import { authRoutes } from './auth';
import { channelRoutes } from './channels';
import { fileRoutes } from './files';
import { folderRoutes } from './folders';
import { linkRoutes } from './links';
import { meRoutes } from './me';
import { notificationRoutes } from './notifications';
import { opsRoutes } from './ops';
import { planRoutes } from './plans';
import { shareRoutes } from './shares';
import { subscriptionRoutes } from './subscription';
import { uploadRoutes } from './uploads';

/** Every HTTP route the gateway serves; the router and /openapi.json both read this list. */
export const ROUTES: RouteDefinition[] = [
  ...opsRoutes,
  ...authRoutes,
  ...meRoutes,
  ...uploadRoutes,
  ...fileRoutes,
  ...folderRoutes,
  ...linkRoutes,
  ...shareRoutes,
  ...planRoutes,
  ...subscriptionRoutes,
  ...channelRoutes,
  ...notificationRoutes,
  ...adminAccountRoutes,
  ...adminUserRoutes,
  ...adminAuditRoutes,
  ...adminStatsRoutes,
  ...adminSubscriptionRoutes,
];
