// Chart values that point the Tilt dev loop at the cluster's servers
// (servers.ts) instead of the quick-start ones, whose official images cannot
// be pulled on this machine. `cluster servers` writes them to
// .streamhub/cluster/tilt-values.yaml, which tilt/settings.local-node.yaml
// lists after tilt/values-dev.yaml. Inline URLs and keys, not existingSecrets:
// Tilt renders the chart with `helm template` and applies what it renders,
// and these are throw-away development credentials of servers on this host.
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterLayout } from './layout';
import type { ClusterServers } from './servers';

export function tiltValuesFile(layout: ClusterLayout): string {
  return path.join(layout.root, 'tilt-values.yaml');
}

export function tiltValues(servers: ClusterServers) {
  return {
    quickstart: { enabled: false },
    external: {
      database: { url: servers.databaseUrl },
      redis: { url: servers.redisUrl },
      smtp: { url: servers.smtpUrl },
      kafka: { brokers: servers.kafkaBrokers },
      s3: {
        endpoint: servers.s3Endpoint,
        // Presigned URLs are followed from the host, which reaches the same address.
        publicEndpoint: servers.s3Endpoint,
        accessKey: servers.s3AccessKey,
        secretKey: servers.s3SecretKey,
      },
      temporal: { address: servers.temporalAddress, uiUrl: servers.temporalUiUrl },
    },
    config: { s3Region: servers.s3Region },
  };
}

export function writeTiltValues(layout: ClusterLayout, servers: ClusterServers): string {
  const file = tiltValuesFile(layout);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // JSON is YAML; the header says where it comes from.
  const header = '# Written by `npm run stack -- cluster servers` (tilt/local/cluster/tilt-values.ts).\n';
  fs.writeFileSync(file, `${header}${JSON.stringify(tiltValues(servers), null, 2)}\n`);
  return file;
}
