import type { BillingDeps } from '../deps';
import { billingStore, type PlanRow } from '../store';

/** The plans a user can choose: every plan not retired, cheapest first. */
export async function listPlans(props: { deps: BillingDeps }): Promise<PlanRow[]> {
  return billingStore.listCurrentPlans(props.deps.db);
}
