import { startModuleConsumers } from '../internal/modules/consumers';
import type { StreamHubModule } from '../internal/modules/provided';
import { createAuditLogConsumer } from './consumers/audit-log';

export const adminModule: StreamHubModule = {
  config: ['kafka'],
  async start(context) {
    const { use, logger } = context;
    return startModuleConsumers(context, [createAuditLogConsumer(use('database'), logger)]);
  },
};
