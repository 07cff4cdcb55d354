import type { DescService } from '@bufbuild/protobuf';
import { createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { Health, HealthCheckResponse_ServingStatus } from '../../../proto/gen/grpc/health/v1/health_pb.js';

export type ServiceClient<S extends DescService> = Client<S>;

/** A gRPC client; its failures are ConnectErrors that fromConnectError turns back into AppErrors. */
export function createServiceClient<S extends DescService>(service: S, baseUrl: string): ServiceClient<S> {
  const transport = createGrpcTransport({
    baseUrl,
    defaultTimeoutMs: 10_000,
  });
  return createClient(service, transport);
}

/** Asks the server at baseUrl, over one reused connection, whether it serves a service. */
export function createHealthChecker(
  baseUrl: string,
): (service: DescService, timeoutMs?: number) => Promise<boolean> {
  const health = createClient(Health, createGrpcTransport({ baseUrl }));
  return async (service, timeoutMs = 2_000) => {
    try {
      const response = await health.check({ service: service.typeName }, { timeoutMs });
      return response.status === HealthCheckResponse_ServingStatus.SERVING;
    } catch {
      return false;
    }
  };
}
