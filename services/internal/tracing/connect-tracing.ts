import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { DescMethod } from '@bufbuild/protobuf';
import type { Interceptor, Transport } from '@connectrpc/connect';

// Connect's gRPC runs over http2, which the http instrumentation does not
// see: these make the client and server spans and carry the W3C traceparent
// in the request headers. Installed only when tracing is on.

const tracer = trace.getTracer('streamhub-connect');

const headerSetter = { set: (carrier: Headers, key: string, value: string) => carrier.set(key, value) };
const headerGetter = {
  get: (carrier: Headers, key: string) => carrier.get(key) ?? undefined,
  keys: (carrier: Headers) => [...carrier.keys()],
};

function rpcAttributes(method: DescMethod, transport: string) {
  return {
    'rpc.system': 'grpc',
    'rpc.service': method.parent.typeName,
    'rpc.method': method.name,
    'streamhub.rpc.transport': transport,
  };
}

async function inSpan<T>(span: Span, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A client span around each call, its traceparent in the request headers.
 * `kind` names the way the call goes (grpc, or in-process, where the handler
 * then runs in this span's context).
 */
export function tracedTransport(transport: Transport, kind: () => 'grpc' | 'in-process'): Transport {
  const call = <R>(
    method: DescMethod,
    header: Parameters<Transport['unary']>[3],
    send: (header: Headers) => Promise<R>,
  ) =>
    tracer.startActiveSpan(
      `${method.parent.typeName}/${method.name}`,
      { kind: SpanKind.CLIENT, attributes: rpcAttributes(method, kind()) },
      (span) => {
        // Connect's HeadersInit: a Headers, a record or pairs, all of which Headers copies.
        const headers = new Headers(header as Headers | undefined);
        propagation.inject(context.active(), headers, headerSetter);
        return inSpan(span, () => send(headers));
      },
    );
  return {
    unary: (method, signal, timeoutMs, header, input, contextValues) =>
      call(method, header, (headers) =>
        transport.unary(method, signal, timeoutMs, headers, input, contextValues),
      ),
    stream: (method, signal, timeoutMs, header, input, contextValues) =>
      call(method, header, (headers) =>
        transport.stream(method, signal, timeoutMs, headers, input, contextValues),
      ),
  };
}

/** The server span of a call that came over the network, a child of the caller's span. */
export function serverTracingInterceptor(): Interceptor {
  return (next) => (request) => {
    const parent = propagation.extract(context.active(), request.header, headerGetter);
    return context.with(parent, () =>
      tracer.startActiveSpan(
        `${request.method.parent.typeName}/${request.method.name}`,
        { kind: SpanKind.SERVER, attributes: rpcAttributes(request.method, 'grpc') },
        (span) => inSpan(span, () => next(request)),
      ),
    );
  };
}
