import type { ActivityProvider } from '../../internal/modules/activity-provider';
import { createAccountDeletionActivities } from './account-deletion';

/** The admin service's activities for the worker: its part of account-deletion:. */
export const adminActivityProvider: ActivityProvider = {
  service: 'admin',
  config: [],
  create({ use }) {
    return createAccountDeletionActivities({ db: use('database') });
  },
};
