// The one workflowsPath: every workflow the worker runs is exported here.
// The first business processes (upload confirmation, trash) arrive with the
// files capability; until then the worker polls the task queue with none.
export {};
