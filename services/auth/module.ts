import { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import type { StreamHubModule } from '../internal/modules/provided';
import { startModuleOutboxRelay } from '../internal/modules/outbox-relay';
import { createAuthHandlers } from './handlers';
import { PasswordHasher } from './passwords';
import { SigningKeys } from './signing-keys';

export const authModule: StreamHubModule = {
  config: ['tokens', 'outbox'],
  async start(context) {
    const { config, use } = context;
    const db = use('database');
    const tokens = config.get('tokens');
    const deps = { db, tokens, keys: new SigningKeys(db), passwords: new PasswordHasher(tokens.bcryptCost) };
    await deps.keys.signingKey();
    use('grpcServer').register(AuthService, createAuthHandlers(deps));
    return startModuleOutboxRelay(context, 'auth');
  },
};
