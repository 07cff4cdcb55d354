import { AdminService } from '../../proto/gen/admin/v1/admin_pb.js';
import { startModuleConsumers } from '../internal/modules/consumers';
import type { StreamHubModule } from '../internal/modules/provided';
import { createAuditLogConsumer } from './consumers/audit-log';
import { createAdminHandlers } from './handlers';

export const adminModule: StreamHubModule = {
  config: ['kafka'],
  async start(context) {
    const { use, logger } = context;
    const db = use('database');
    use('grpcServer').register(AdminService, createAdminHandlers({ db }));
    return startModuleConsumers(context, [createAuditLogConsumer(db, logger)]);
  },
};
