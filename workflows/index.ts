// The one workflowsPath: every workflow the worker runs is exported here.
export { uploadWorkflow } from './upload/workflows';
export { trashWorkflow } from './trash/workflows';
export { accountDeletionWorkflow } from './account-deletion/workflows';
export { subscriptionWorkflow } from './subscription/workflows';
