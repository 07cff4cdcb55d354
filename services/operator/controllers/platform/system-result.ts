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
