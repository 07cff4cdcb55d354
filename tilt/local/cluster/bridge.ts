// The pods' bridge cni0 and its address 10.244.0.1 (the pods' gateway). The
// CNI bridge plugin makes it for the first pod; what must bind its address
// before any pod exists (CoreDNS, the cluster's servers) makes it first, as
// the plugin would: the plugin keeps an existing bridge that has its
// gateway address. `cluster down` deletes it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { CLUSTER_NETWORK } from './layout';

const run = promisify(execFile);

export const BRIDGE_ADDRESS = '10.244.0.1';

export async function ensureBridge(): Promise<void> {
  const { bridge } = CLUSTER_NETWORK;
  const prefix = CLUSTER_NETWORK.podCidr.split('/')[1];
  if (!fs.existsSync(`/sys/class/net/${bridge}`)) {
    await run('ip', ['link', 'add', bridge, 'type', 'bridge']);
  }
  const { stdout } = await run('ip', ['-4', '-o', 'addr', 'show', 'dev', bridge]);
  if (!stdout.includes(` ${BRIDGE_ADDRESS}/`)) {
    await run('ip', ['addr', 'add', `${BRIDGE_ADDRESS}/${prefix}`, 'dev', bridge]);
  }
  await run('ip', ['link', 'set', bridge, 'up']);
}
