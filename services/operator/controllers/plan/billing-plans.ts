import type { BillingService } from '../../../../proto/gen/billing/v1/billing_pb.js';
import type { ServiceClient } from '../../../internal/grpc/client';

/**
 * The part of billing's gRPC API the Plan controller calls: billing owns the
 * plans table, the operator only tells it what the Plan resources say.
 */
export type BillingPlans = Pick<ServiceClient<typeof BillingService>, 'applyPlan' | 'retirePlan'>;
