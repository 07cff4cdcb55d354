// Two workflows whose outcome is known, for the workflow metrics test.
import { ApplicationFailure } from '@temporalio/workflow';

export async function completesWorkflow(): Promise<string> {
  return 'done';
}

export async function failsWorkflow(): Promise<void> {
  throw ApplicationFailure.nonRetryable('this workflow fails on purpose');
}
