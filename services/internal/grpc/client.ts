import type { DescService } from '@bufbuild/protobuf';
import { createClient, type Client, type Transport } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { Health, HealthCheckResponse_ServingStatus } from '../../../proto/gen/grpc/health/v1/health_pb.js';
import { GoawaySafeSessionManager } from './session-manager';
import { tracedTransport } from '../tracing/connect-tracing';
import { tracingEnabled } from '../tracing/tracing-state';
import { CALL_TIMEOUT_MS, type LocalServices } from './local-services';

export type ServiceClient<S extends DescService> = Client<S>;

/**
 * A client of one service; its failures are ConnectErrors that
 * fromConnectError turns back into AppErrors. When this process implements
 * the service itself (`local` has it, as with --target=all), calls go
 * in-process; otherwise over gRPC to baseUrl. The choice is made per call, a
 * map lookup, because a service module may register after the module that
 * creates its client has started.
 */
export function createServiceClient<S extends DescService>(
  service: S,
  baseUrl: string,
  local?: LocalServices,
): ServiceClient<S> {
  const network = createGrpcTransport({
    baseUrl,
    defaultTimeoutMs: CALL_TIMEOUT_MS,
    sessionManager: new GoawaySafeSessionManager(baseUrl),
  });
  const inProcess = (): boolean => local?.has(service) === true;
  const route = (): Transport => (inProcess() ? local!.inProcessTransport() : network);
  const routed: Transport = local
    ? { unary: (...args) => route().unary(...args), stream: (...args) => route().stream(...args) }
    : network;
  if (!tracingEnabled()) return createClient(service, routed);
  return createClient(
    service,
    tracedTransport(routed, () => (inProcess() ? 'in-process' : 'grpc')),
  );
}

/**
 * Asks the server at baseUrl, over one reused connection, whether it serves
 * a service. A service this process implements is serving as long as the
 * process is: there is no connection to check.
 */
export function createHealthChecker(
  baseUrl: string,
  local?: LocalServices,
): (service: DescService, timeoutMs?: number) => Promise<boolean> {
  const health = createClient(
    Health,
    createGrpcTransport({ baseUrl, sessionManager: new GoawaySafeSessionManager(baseUrl) }),
  );
  return async (service, timeoutMs = 2_000) => {
    if (local?.has(service)) return true;
    try {
      const response = await health.check({ service: service.typeName }, { timeoutMs });
      return response.status === HealthCheckResponse_ServingStatus.SERVING;
    } catch {
      return false;
    }
  };
}
