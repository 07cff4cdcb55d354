import type { ConditionUpdate } from '../../framework/conditions';

/** What reconciling one external system found and did. */
export interface SystemResult {
  condition: ConditionUpdate;
  /** Changes made, in words: each becomes a Normal event. */
  changes: string[];
  /** The failure was an error worth retrying with backoff (not a spec a person must fix). */
  retry: boolean;
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message || error.name : String(error);

/** The system is as the spec asks (changes: what this pass did to get there). */
export function systemReady(
  type: string,
  reason: string,
  message: string,
  changes: string[] = [],
): SystemResult {
  return { condition: { type, status: 'True', reason, message }, changes, retry: false };
}

/**
 * The system is not as the spec asks. `retry`: an error worth retrying with
 * backoff; otherwise a spec a person must change.
 */
export function systemNotReady(
  type: string,
  reason: string,
  message: string,
  options: { changes?: string[]; retry: boolean },
): SystemResult {
  return {
    condition: { type, status: 'False', reason, message },
    changes: options.changes ?? [],
    retry: options.retry,
  };
}
