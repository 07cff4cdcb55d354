import * as workflows from './index';
import {
  ACCOUNT_DELETION_WORKFLOW_TYPE,
  accountDeletionWorkflowId,
  type AccountDeletionWorkflow,
} from './account-deletion/contract';
import {
  SUBSCRIPTION_WORKFLOW_TYPE,
  subscriptionWorkflowId,
  type SubscriptionWorkflow,
} from './subscription/contract';
import { TRASH_WORKFLOW_TYPE, trashWindowEnd, trashWorkflowId, type TrashWorkflow } from './trash/contract';
import { UPLOAD_WORKFLOW_TYPE, uploadWorkflowId, type UploadWorkflow } from './upload/contract';

describe('workflow contracts', () => {
  it('puts every purge time of one window under one timer', () => {
    const hour = 3600;
    const a = trashWindowEnd(new Date('2026-12-01T10:00:01Z'), hour);
    const b = trashWindowEnd(new Date('2026-12-01T10:59:59Z'), hour);
    const c = trashWindowEnd(new Date('2026-12-01T11:00:01Z'), hour);
    expect(a.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(b).toEqual(a);
    expect(c.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(trashWindowEnd(new Date('2026-12-01T11:00:00Z'), hour)).toEqual(a);
  });

  it('names workflow ids the way an operator searches for them', () => {
    expect(uploadWorkflowId('f-1')).toBe('upload:f-1');
    expect(accountDeletionWorkflowId('u-1')).toBe('account-deletion:u-1');
    expect(subscriptionWorkflowId('u-1')).toBe('subscription:u-1');
    expect(trashWorkflowId('u-1', new Date('2026-12-01T11:00:00Z'))).toBe(
      'trash:u-1:2026-12-01T11:00:00.000Z',
    );
  });

  it('names workflow types that the workflowsPath exports with the contract signature', () => {
    // Services start workflows by these names; a rename in index.ts must fail here, not in production.
    const byType: {
      uploadWorkflow: UploadWorkflow;
      trashWorkflow: TrashWorkflow;
      accountDeletionWorkflow: AccountDeletionWorkflow;
      subscriptionWorkflow: SubscriptionWorkflow;
    } = workflows;
    expect(Object.keys(workflows).sort()).toEqual(
      [
        TRASH_WORKFLOW_TYPE,
        UPLOAD_WORKFLOW_TYPE,
        ACCOUNT_DELETION_WORKFLOW_TYPE,
        SUBSCRIPTION_WORKFLOW_TYPE,
      ].sort(),
    );
    expect(byType[UPLOAD_WORKFLOW_TYPE]).toBe(workflows.uploadWorkflow);
    expect(byType[TRASH_WORKFLOW_TYPE]).toBe(workflows.trashWorkflow);
    expect(byType[ACCOUNT_DELETION_WORKFLOW_TYPE]).toBe(workflows.accountDeletionWorkflow);
    expect(byType[SUBSCRIPTION_WORKFLOW_TYPE]).toBe(workflows.subscriptionWorkflow);
  });
});
