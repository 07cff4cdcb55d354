import { z } from 'zod';
import { ERROR_KINDS, type AppError } from '../internal/errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_KINDS) as [keyof typeof ERROR_KINDS]),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable machine code.' });

export type Problem = z.infer<typeof ProblemSchema>;

export function toProblem(error: AppError, requestId: string): Problem {
  return {
    type: `urn:streamhub:problem:${error.code}`,
    title: ERROR_KINDS[error.code].title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    requestId,
    ...(error.fields.length > 0 ? { errors: error.fields } : {}),
  };
}
