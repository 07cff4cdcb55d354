// Workflow tests on Temporal's time-skipping test server: timers fire as soon
// as nothing else is pending, so a workflow that sleeps for days finishes in
// seconds. Each environment starts its own server (a JVM, about 0.5 s) and
// stops it in `teardown()`.
//
// @temporalio/testing would download the server from GitHub releases, which
// these machines cannot reach. `npm test` fetches it from Maven Central
// instead (tilt/local/install/temporal-test-server.ts) and passes the path of
// its launcher script in TEMPORAL_TEST_SERVER_PATH.
import { IllegalStateError } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';

export const TEST_SERVER_PATH_ENV = 'TEMPORAL_TEST_SERVER_PATH';

// The SDK's default logger prints some 30 INFO lines per Worker (webpack's
// bundle report, every state change). Warnings are enough in test output. A
// test that already made its own Runtime keeps it.
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch (error) {
    if (!(error instanceof IllegalStateError)) throw error;
  }
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = process.env[TEST_SERVER_PATH_ENV];
  // Fail, never skip: a skipped workflow test looks like a passing one.
  if (!path) {
    throw new Error(
      `${TEST_SERVER_PATH_ENV} is not set: run the tests with \`npm test\`, which fetches Temporal's time-skipping test server and sets it (see tilt/local/README.md)`,
    );
  }
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
}
