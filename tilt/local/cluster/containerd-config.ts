// containerd's configuration for the cluster: its OWN root, state folder and
// socket under the cluster's state, never /var/lib/containerd or
// /run/containerd, so a system containerd (or Docker's) is left alone. The
// CRI plugin gets the pause image we build (nothing can be pulled here), a
// CNI configuration folder of its own, and the cgroupfs driver the kubelet
// uses (this machine has cgroup v1 and no systemd).
import fs from 'node:fs';
import path from 'node:path';
import { CLUSTER_IMAGES, CLUSTER_NETWORK, type ClusterLayout } from './layout';
import { CNI_BIN_DIR } from './packages';
import { REGISTRY_HOST } from './registry';

export function writeContainerdConfig(layout: ClusterLayout): void {
  const { containerd } = layout;
  for (const dir of [containerd.root, containerd.state, layout.cniConfDir, layout.cniIpamDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  const lines = [
    'version = 2',
    `root = ${toml(containerd.root)}`,
    `state = ${toml(containerd.state)}`,
    // Snapshotters this machine cannot have; they only add errors to the log.
    'disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs"]',
    '',
    '[grpc]',
    `  address = ${toml(containerd.socket)}`,
    '',
    '[ttrpc]',
    `  address = ${toml(`${containerd.socket}.ttrpc`)}`,
    '',
    '[debug]',
    '  address = ""',
    '',
    '[metrics]',
    '  address = ""',
    '',
    // Where `ctr install` would put binaries: not /opt/containerd.
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = ${toml(path.join(containerd.root, 'opt'))}`,
    '',
    `[${cri}]`,
    `  sandbox_image = ${toml(CLUSTER_IMAGES.pause)}`,
    // Pod network namespaces under our state folder, not /var/run/netns.
    '  netns_mounts_under_state_dir = true',
    '  stream_server_address = "127.0.0.1"',
    '  stream_server_port = "0"',
    // Root here lacks CAP_SYS_RESOURCE, so a process may not lower its
    // oom_score_adj: the kubelet's -998 for sandboxes would fail every pod
    // ("failed to update /proc/self/oom_score_adj: Permission denied").
    // This keeps a container's score no lower than containerd's own.
    '  restrict_oom_score_adj = true',
    '',
    `[${cri}.containerd]`,
    '  snapshotter = "overlayfs"',
    '  default_runtime_name = "runc"',
    '',
    `[${cri}.containerd.runtimes.runc]`,
    '  runtime_type = "io.containerd.runc.v2"',
    '',
    `[${cri}.containerd.runtimes.runc.options]`,
    '  SystemdCgroup = false',
    // runc's container state: ours, not /run/containerd/runc.
    `  Root = ${toml(path.join(containerd.state, 'runc'))}`,
    '',
    // The cluster's registry (registry.ts) speaks plain HTTP on loopback;
    // without this containerd would try HTTPS for localhost:25000 images.
    `[${cri}.registry.mirrors.${toml(REGISTRY_HOST)}]`,
    `  endpoint = [${toml(`http://${REGISTRY_HOST}`)}]`,
    '',
    `[${cri}.cni]`,
    `  bin_dir = ${toml(CNI_BIN_DIR)}`,
    `  conf_dir = ${toml(layout.cniConfDir)}`,
    '  max_conf_num = 1',
    '',
  ];
  fs.writeFileSync(containerd.config, lines.join('\n'));
  writeCniConfig(layout);
}

// A bridge (cni0) with addresses from host-local: the pod CIDR on one node.
// The host reaches pods through the bridge (its gateway address); traffic
// from pods to the outside is masqueraded. host-local's leases live in our
// state, not /var/lib/cni/networks.
function writeCniConfig(layout: ClusterLayout): void {
  const config = {
    cniVersion: '1.0.0',
    name: CLUSTER_NETWORK.cniNetworkName,
    plugins: [
      {
        type: 'bridge',
        bridge: CLUSTER_NETWORK.bridge,
        isGateway: true,
        ipMasq: true,
        // A pod that calls its own Service may be answered by itself.
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: CLUSTER_NETWORK.podCidr }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: layout.cniIpamDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  fs.writeFileSync(
    path.join(layout.cniConfDir, '10-streamhub.conflist'),
    `${JSON.stringify(config, null, 2)}\n`,
  );
}

// A TOML basic string: JSON's escaping is a subset of it.
function toml(value: string): string {
  return JSON.stringify(value);
}
