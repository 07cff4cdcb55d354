import { z } from 'zod';
import { PlanSchema } from '../../presenters/plan';

export const PlanList = z.array(PlanSchema).describe('Plans on sale, cheapest first');
export type PlanList = z.infer<typeof PlanList>;
