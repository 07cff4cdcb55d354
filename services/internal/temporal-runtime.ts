import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { Client } from '@temporalio/client';

let runtimeInstalled = false;

/**
 * Installs the SDK's native runtime before the first NativeConnection (the
 * client's or the worker's), which would otherwise install a default one that
 * traps SIGINT/SIGTERM and stops the worker on its own: main.ts owns
 * shutdown and stops modules in order.
 */
export function installTemporalRuntimeOnce(): void {
  // A test may have started one already (a TestWorkflowEnvironment): that one serves.
  if (runtimeInstalled || Runtime._instance !== undefined) return;
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

/** A native connection, shared by the client and a worker in the same process (eager workflow start). */
export async function connectTemporal(address: string): Promise<NativeConnection> {
  installTemporalRuntimeOnce();
  return NativeConnection.connect({ address });
}

/**
 * Eager workflow start needs the client on a NativeConnection (the SDK
 * refuses it otherwise); the server then hands the first workflow task to a
 * worker of this process on that connection, or queues it when none runs here.
 */
export function supportsEagerStart(client: Client): boolean {
  return client.connection instanceof NativeConnection;
}
