// Fixed loopback ports, far from the servers' usual ones so the stack runs
// beside a system Postgres or Redis. Each can be moved with
// STREAMHUB_<NAME>_PORT, e.g. STREAMHUB_KAFKA_CONTROLLER_PORT=29093.
export const DEFAULT_PORTS = {
  postgres: 15432,
  redis: 16379,
  kafka: 19092,
  kafkaController: 19093,
  minio: 19000,
  minioConsole: 19001,
  temporal: 17233,
  temporalUi: 18233,
  mailpitSmtp: 11025,
  mailpitUi: 18025,
  etcd: 12379,
  etcdPeer: 12380,
  kubeApiserver: 16443,
  // Jaeger: OTLP in (HTTP, gRPC; 1 before the OTLP defaults 4318/4317), the
  // query API and UI page, and the query gRPC API (bound so it is not on all interfaces).
  jaegerOtlpHttp: 14318,
  jaegerOtlpGrpc: 14317,
  jaegerUi: 16686,
  jaegerQueryGrpc: 16685,
} as const;

export type PortName = keyof typeof DEFAULT_PORTS;
export type Ports = Record<PortName, number>;

export function portEnvName(name: PortName): string {
  return `STREAMHUB_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_PORT`;
}

export function resolvePorts(env: NodeJS.ProcessEnv = process.env): Ports {
  const ports = { ...DEFAULT_PORTS } as Ports;
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) {
    const raw = env[portEnvName(name)];
    if (raw === undefined || raw === '') continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${portEnvName(name)}=${raw} is not a port number (1-65535)`);
    }
    ports[name] = port;
  }
  return ports;
}

// Every server listens on loopback only: nothing here is meant to be reachable
// from the network, and the credentials are public.
export const HOST = '127.0.0.1';
