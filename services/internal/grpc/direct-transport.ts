import {
  create,
  type DescMessage,
  type DescMethod,
  type DescMethodUnary,
  type DescService,
} from '@bufbuild/protobuf';
import {
  Code,
  ConnectError,
  createContextValues,
  type ContextValues,
  type HandlerContext,
  type ServiceImpl,
  type Transport,
  type UnaryResponse,
} from '@connectrpc/connect';

type UnaryHandler = (request: unknown, context: HandlerContext) => unknown;

export interface DirectTransportOptions {
  /** The implementation this process registered for a service, if any. */
  implementationOf(service: DescService): Partial<ServiceImpl<DescService>> | undefined;
  /** What a thrown error becomes for the caller: the gRPC server's own mapping. */
  toConnectError(error: unknown): ConnectError;
  /** A call that takes longer fails with deadline_exceeded, as over the network. */
  defaultTimeoutMs: number;
  /** Streaming calls, which StreamHub's services do not have today. */
  streams: Transport;
}

/**
 * Calls a unary method of a service this process implements by calling its
 * handler: no serialization, no Connect protocol, no abort controller per
 * call. Connect's router transport did all three for every in-process call
 * (and created a DOMException when it aborted each call's signal at the
 * end), which cost /v1/me about a sixth of its CPU (docs/performance.md).
 * The messages are passed by reference: a handler and its caller must not
 * change a message after the call. Errors take the same path as on the
 * gRPC server (toConnectError), which the parity test of both paths checks.
 */
export function createDirectTransport(options: DirectTransportOptions): Transport {
  return {
    async unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: ConstructorParameters<typeof Headers>[0],
      input: Parameters<Transport['unary']>[4],
      contextValues?: ContextValues,
    ): Promise<UnaryResponse<I, O>> {
      const handler = options.implementationOf(method.parent)?.[method.localName] as UnaryHandler | undefined;
      if (!handler)
        throw new ConnectError(
          `${method.parent.typeName}.${method.name} is not implemented`,
          Code.Unimplemented,
        );
      if (signal?.aborted) throw ConnectError.from(signal.reason, Code.Canceled);
      const request = create(method.input, input as never);
      const context = new DirectHandlerContext(method, signal, header, contextValues);
      let output: unknown;
      try {
        output = await withDeadline(handler(request, context), timeoutMs ?? options.defaultTimeoutMs, method);
      } catch (error) {
        throw error instanceof DeadlineExceeded ? error.connectError : options.toConnectError(error);
      }
      const message = create(method.output, output as never);
      // Getters: a caller without onHeader/onTrailer never makes the Headers.
      return {
        stream: false,
        service: method.parent,
        method,
        message,
        get header() {
          return context.responseHeader;
        },
        get trailer() {
          return context.responseTrailer;
        },
      };
    },
    stream: (...args) => options.streams.stream(...args),
  };
}

class DeadlineExceeded extends Error {
  constructor(readonly connectError: ConnectError) {
    super(connectError.message);
  }
}

function withDeadline(result: unknown, timeoutMs: number, method: DescMethod): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const message = `${method.parent.typeName}.${method.name} did not answer within ${timeoutMs} ms`;
      reject(new DeadlineExceeded(new ConnectError(message, Code.DeadlineExceeded)));
    }, timeoutMs);
  });
  return Promise.race([result, deadline]).finally(() => clearTimeout(timer));
}

const NEVER_ABORTED = new AbortController().signal;

/** What a handler may read of its call; the headers are made only when read. */
class DirectHandlerContext implements HandlerContext {
  readonly service: DescService;
  readonly requestMethod = 'POST';
  readonly protocolName = 'in-process';
  readonly signal: AbortSignal;
  private requestHeaders?: Headers;
  private responseHeaders?: Headers;
  private responseTrailers?: Headers;
  private contextValues?: ContextValues;

  constructor(
    readonly method: DescMethod,
    signal: AbortSignal | undefined,
    private readonly headerInit: ConstructorParameters<typeof Headers>[0],
    values: ContextValues | undefined,
  ) {
    this.service = method.parent;
    this.signal = signal ?? NEVER_ABORTED;
    this.contextValues = values;
  }

  get url(): string {
    return `/${this.service.typeName}/${this.method.name}`;
  }
  timeoutMs(): number | undefined {
    return undefined;
  }
  get requestHeader(): Headers {
    return (this.requestHeaders ??= new Headers(this.headerInit));
  }
  get responseHeader(): Headers {
    return (this.responseHeaders ??= new Headers());
  }
  get responseTrailer(): Headers {
    return (this.responseTrailers ??= new Headers());
  }
  get values(): ContextValues {
    return (this.contextValues ??= createContextValues());
  }
}
