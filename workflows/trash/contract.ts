import { defineSignal } from '@temporalio/workflow';

// The trash process's contract, shared by the files service (which starts
// it) and the worker (which runs its activities) with the workflow code.
// Deterministic and free of I/O, since the workflow imports it too.

/** The workflow type name the worker registers (the export name in workflows/index.ts). */
export const TRASH_WORKFLOW_TYPE = 'trashWorkflow';

/** `trash:<userId>:<window end>`: one timer per user and batch window. */
export const trashWorkflowId = (userId: string, windowEnd: Date): string =>
  `trash:${userId}:${windowEnd.toISOString()}`;

/** The end of the batch window a purge time falls in: files due in one window share one timer. */
export function trashWindowEnd(purgeAt: Date, windowSeconds: number): Date {
  const windowMs = windowSeconds * 1000;
  return new Date(Math.ceil(purgeAt.getTime() / windowMs) * windowMs);
}

export interface TrashInput {
  userId: string;
  /** ISO time: every file of this user trashed with a purge time up to here is purged by this run. */
  purgeAt: string;
}

/** Search attributes (registered by the operator) that make a user's purges findable. */
export const trashSearchAttributes = (input: Pick<TrashInput, 'userId'>) => ({ UserId: [input.userId] });

/** Purge everything due in this batch now instead of waiting for the timer. */
export const purgeNowSignal = defineSignal('purgeNow');

/**
 * What the workflow asks of the files service. A page purge is idempotent
 * (a file already purged is not due any more) and heartbeats after each
 * storage batch and after the page's rows are deleted.
 */
export interface TrashActivities {
  /** `busy`: another run is purging this user's files now (windows that fire together); try again shortly. */
  purgeDueFiles(input: {
    userId: string;
    dueBy: string;
    limit: number;
  }): Promise<{ purged: number; busy?: boolean }>;
}

/** The workflow's signature, so a service starts it by name with checked arguments. */
export type TrashWorkflow = (input: TrashInput) => Promise<{ purgedFiles: number }>;
