import { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import type { StreamHubModule } from '../internal/modules/provided';
import { OutboxRelay } from '../internal/outbox/relay';
import { createAuthHandlers } from './handlers';
import { PasswordHasher } from './passwords';
import { SigningKeys } from './signing-keys';

export const authModule: StreamHubModule = {
  config: ['tokens', 'outbox'],
  async start({ config, use, logger }) {
    const db = use('database');
    const tokens = config.get('tokens');
    const deps = { db, tokens, keys: new SigningKeys(db), passwords: new PasswordHasher(tokens.bcryptCost) };
    await deps.keys.signingKey();
    use('grpcServer').register(AuthService, createAuthHandlers(deps));
    const relay = new OutboxRelay({
      db,
      schema: 'auth',
      producer: use('producer'),
      pollMs: config.get('outbox').pollMs,
      logger,
    });
    relay.start();
    return { stop: () => relay.stop() };
  },
};
