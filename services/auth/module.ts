import { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import { createSmtpMailer } from '../internal/mail/mailer';
import type { StreamHubModule } from '../internal/modules/provided';
import { startModuleOutboxRelay } from '../internal/modules/outbox-relay';
import { createAuthHandlers } from './handlers';
import { PasswordHasher } from './passwords';
import { SigningKeys } from './signing-keys';

export const authModule: StreamHubModule = {
  config: ['tokens', 'outbox', 'mail', 'otp', 'temporal'],
  async start(context) {
    const { config, use } = context;
    const db = use('database');
    const tokens = config.get('tokens');
    const deps = {
      db,
      tokens,
      keys: new SigningKeys(db),
      passwords: new PasswordHasher(tokens.bcryptCost),
      redis: use('redis'),
    };
    await deps.keys.signingKey();
    const otp = {
      redis: use('redis'),
      mailer: createSmtpMailer(config.get('mail'), context.logger),
      settings: config.get('otp'),
    };
    const temporal = { client: use('temporalClient'), taskQueue: config.get('temporal').taskQueue };
    use('grpcServer').register(AuthService, createAuthHandlers(deps, otp, temporal));
    const relay = startModuleOutboxRelay(context, 'auth');
    return {
      stop: async () => {
        await relay.stop();
        await otp.mailer.close(); // mail already queued still goes out
      },
    };
  },
};
