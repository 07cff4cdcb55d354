import type { DescService } from '@bufbuild/protobuf';
import {
  createRouterTransport,
  type ConnectRouter,
  type Interceptor,
  type ServiceImpl,
  type Transport,
} from '@connectrpc/connect';
import type { Logger } from '../logger';
import { createDirectTransport } from './direct-transport';
import { serverTracingInterceptor } from '../tracing/connect-tracing';
import { tracingEnabled } from '../tracing/tracing-state';
import { serverErrorInterceptor, toConnectError } from './errors';

/** How long a call may take before it fails with deadline_exceeded, in-process or over the network. */
export const CALL_TIMEOUT_MS = 10_000;

/**
 * The gRPC services this process implements. The gRPC server serves them to
 * other processes; a client in this process reaches them through Connect's
 * direct transport instead (docs/decisions.md, "Process model"): the same
 * handlers with the same error mapping, so an AppError arrives as the same
 * ConnectError with the same `streamhub-error-code`, only without a socket,
 * HTTP/2 framing, serialization or a trip through the event loop's I/O.
 */
export class LocalServices {
  private readonly routes = new Map<string, (router: ConnectRouter) => void>();
  private readonly implementations = new Map<string, Partial<ServiceImpl<DescService>>>();
  private readonly logger: Logger;
  private transport?: Transport;
  /** Run around every handler, whichever way the call came in. */
  readonly interceptors: Interceptor[];

  constructor(logger: Logger) {
    this.logger = logger;
    // Tracing outermost: its span holds the error interceptor's log line and
    // ends with the mapped ConnectError.
    this.interceptors = [
      ...(tracingEnabled() ? [serverTracingInterceptor()] : []),
      serverErrorInterceptor(logger),
    ];
  }

  /** A method left out answers UNIMPLEMENTED, as on the gRPC server. */
  register<S extends DescService>(service: S, implementation: Partial<ServiceImpl<S>>): void {
    if (this.routes.has(service.typeName)) throw new Error(`${service.typeName} is registered twice`);
    this.routes.set(service.typeName, (router) => router.service(service, implementation));
    this.implementations.set(service.typeName, implementation);
    // Built again on the next in-process call, with the new service in it.
    this.transport = undefined;
  }

  has(service: DescService): boolean {
    return this.routes.has(service.typeName);
  }

  get typeNames(): string[] {
    return [...this.routes.keys()];
  }

  /** Adds every registered service to a router (the gRPC server's, or the in-process one). */
  addRoutes(router: ConnectRouter): void {
    for (const route of this.routes.values()) route(router);
  }

  /**
   * Unary calls go straight to the handler (direct-transport.ts); streams,
   * which no service has today, through Connect's router transport.
   */
  inProcessTransport(): Transport {
    this.transport ??= createDirectTransport({
      implementationOf: (service) => this.implementations.get(service.typeName),
      toConnectError: (error) => toConnectError(error, this.logger),
      defaultTimeoutMs: CALL_TIMEOUT_MS,
      streams: createRouterTransport((router) => this.addRoutes(router), {
        router: { interceptors: this.interceptors },
        transport: { defaultTimeoutMs: CALL_TIMEOUT_MS },
      }),
    });
    return this.transport;
  }
}
