import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { DescService } from '@bufbuild/protobuf';
import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import {
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus,
  Health,
} from '../../../proto/gen/grpc/health/v1/health_pb.js';
import type { Logger } from '../logger';
import { LocalServices } from './local-services';

/**
 * One HTTP/2 gRPC server per process. Service modules register into it before
 * it starts, so `--target=all` serves every service on one port and a single
 * target serves just its own. It always answers grpc.health.v1. What it
 * serves lives in the process's LocalServices, which clients in the same
 * process call without the network.
 */
export class GrpcServer {
  private server?: http2.Http2Server;
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  readonly local: LocalServices;

  constructor(
    private readonly options: { host: string; port: number; logger: Logger; local?: LocalServices },
  ) {
    this.local = options.local ?? new LocalServices(options.logger);
  }

  register<S extends DescService>(service: S, implementation: ServiceImpl<S>): void {
    if (this.server) throw new Error(`cannot register ${service.typeName} after the gRPC server started`);
    this.local.register(service, implementation);
  }

  async start(): Promise<number> {
    const local = this.local;
    const services = new Set(local.typeNames);
    const handler = connectNodeAdapter({
      interceptors: local.interceptors,
      routes: (router) => {
        local.addRoutes(router);
        router.service(Health, {
          check(request) {
            const known = request.service === '' || services.has(request.service);
            const status = known
              ? HealthCheckResponse_ServingStatus.SERVING
              : HealthCheckResponse_ServingStatus.SERVICE_UNKNOWN;
            return create(HealthCheckResponseSchema, { status });
          },
        });
      },
    });
    const server = http2.createServer(handler);
    server.on('session', (session) => {
      this.sessions.add(session);
      session.once('close', () => this.sessions.delete(session));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    this.options.logger.info({ port, services: [...services] }, 'gRPC server listening');
    return port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Clients keep HTTP/2 sessions open indefinitely; ask each to finish its
    // in-flight calls and go, or close() would wait forever.
    for (const session of this.sessions) session.close();
    await closed;
  }
}
