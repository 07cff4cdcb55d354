// What the billing cache keys and scopes are. A user's plan depends on the
// plans table (terms, the default) and on that user's subscription.
export const PLANS_SCOPE = 'billing:plans';

export function subscriptionScope(userId: string): string {
  return `billing:subscription:${userId}`;
}

export function userPlanKey(userId: string): string {
  return `billing:user-plan:${userId}`;
}
