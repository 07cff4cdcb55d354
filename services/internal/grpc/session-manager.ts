import type { ClientHttp2Session, ClientHttp2Stream } from 'node:http2';
import { Http2SessionManager } from '@connectrpc/connect-node';

const guarded = new WeakSet<ClientHttp2Session>();

/**
 * connect-node's HTTP/2 session manager, except that a connection's late
 * error cannot crash the process. When a server sends GOAWAY to an idle
 * connection (a gRPC server shutting down, a rolling update, a proxy closing
 * idle connections), the manager destroys it with an error that Node emits
 * only once the socket has closed; if a request opened a new connection
 * meanwhile, the manager has already removed its listeners from the old one,
 * and the error is uncaught (connectrpc/connect-es#1768, unfixed in 2.3.0).
 * Every session that carries a request keeps one listener of its own: the
 * manager still sees every error while it tracks the session, and an error
 * after that belongs to a connection nobody uses any more.
 */
export class GoawaySafeSessionManager extends Http2SessionManager {
  override async request(...args: Parameters<Http2SessionManager['request']>): Promise<ClientHttp2Stream> {
    const stream = await super.request(...args);
    const session = stream.session as ClientHttp2Session | undefined;
    if (session && !guarded.has(session)) {
      guarded.add(session);
      session.on('error', ignoreRetiredSessionError);
    }
    return stream;
  }
}

function ignoreRetiredSessionError(): void {
  // The manager has its own listener while the session is in use; see above.
}
