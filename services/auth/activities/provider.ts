import type { ActivityProvider } from '../../internal/modules/activity-provider';
import { PasswordHasher } from '../passwords';
import { SigningKeys } from '../signing-keys';
import { createAccountDeletionActivities } from './account-deletion';

/** The auth service owns account-deletion:; the worker runs its auth activities. */
export const authActivityProvider: ActivityProvider = {
  service: 'auth',
  config: ['tokens'],
  create({ config, use }) {
    const db = use('database');
    const tokens = config.get('tokens');
    return createAccountDeletionActivities({
      db,
      tokens,
      keys: new SigningKeys(db),
      passwords: new PasswordHasher(tokens.bcryptCost),
      redis: use('redis'),
      temporal: use('temporalClient'),
    });
  },
};
