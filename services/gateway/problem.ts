import { z } from 'zod';
import { ERROR_CODES, errorCodeSpec, type ErrorCode } from '../internal/error-codes';
import type { AppError } from '../internal/errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ErrorCodeSchema = z
  .enum([...ERROR_CODES.keys()] as [ErrorCode, ...ErrorCode[]])
  .meta({ id: 'ErrorCode', description: 'Every stable error code; docs/errors.md explains each.' });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: ErrorCodeSchema,
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable machine code.' });

export type Problem = z.infer<typeof ProblemSchema>;

export function toProblem(error: AppError, requestId: string): Problem {
  return {
    type: `urn:streamhub:problem:${error.code}`,
    title: errorCodeSpec(error.code).title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    requestId,
    ...(error.fields.length > 0 ? { errors: error.fields } : {}),
  };
}
