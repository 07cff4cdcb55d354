import type { RawData, WebSocket } from 'ws';
import type { AccessTokenClaims, AccessTokenVerifier } from '../../internal/access-tokens';
import type { ConfigSection } from '../../internal/config';
import type { Logger } from '../../internal/logger';
import type { RevokedSessions } from '../revocation-mirror';
import { ChannelDelivery, type FetchChannelEvents } from './channel-delivery';
import { CLOSE, CLOSE_REASONS, type CloseCode } from './close-codes';
import { parseClientFrame, type ClientFrame } from './client-frames';
import type { RoutedEvent, ServerFrame } from './server-frames';
import { TokenBucket } from './token-bucket';
import type { WsMetrics } from './ws-metrics';

// How long after authentication a channel's first live events wait for the
// client's `resume` (docs/messaging.md#websocket): enough for a client that
// sends it right after `ready`, short for one that never does.
const RESUME_WINDOW_MS = 1000;

// What an idle socket keeps is what one gateway process can hold by the
// hundred thousand (bench/README.md, messaging rows), so a socket owns no
// timer (the gateway's one-second sweep closes expired tokens), no closure
// (the listeners below are shared; `this` is the ws socket), and allocates
// its frame budget and channel state when first used.
const CONNECTION = Symbol('streamhub.wsConnection');
type TaggedSocket = WebSocket & { [CONNECTION]: WsConnection };
const connectionOf = (ws: WebSocket) => (ws as TaggedSocket)[CONNECTION];

function onMessage(this: WebSocket, data: RawData, isBinary: boolean) {
  void connectionOf(this).receive(rawText(data), isBinary);
}
function onPong(this: WebSocket) {
  connectionOf(this).alive = true;
}
function onError(this: WebSocket, error: Error & { code?: string }) {
  connectionOf(this).failed(error);
}
function onClose(this: WebSocket) {
  connectionOf(this).cleanUp();
}

/** What a revocation check needs of the token (its Date is made only when checked). */
interface TokenIdentity {
  tokenId: string;
  sessionId?: string;
  expiresAtMs: number;
}

/** What a socket needs from its gateway process. */
export interface ConnectionHost {
  settings: ConfigSection<'websocket'>;
  verifier: AccessTokenVerifier;
  revoked: RevokedSessions;
  metrics: WsMetrics;
  logger: Logger;
  fetcherFor(userId: string): FetchChannelEvents;
  authenticated(connection: WsConnection): void;
  /** Every socket's close, authenticated or not. */
  closed(connection: WsConnection): void;
  typing(connection: WsConnection, channelId: string): Promise<void>;
}

/**
 * One /v1/ws socket: authentication (subprotocol token or first frame),
 * token expiry, the frame budget, backpressure, and per-channel delivery.
 */
export class WsConnection {
  userId?: string;
  /** Cleared by each server ping, set by the pong: false at the next ping means dead. */
  alive = true;
  private token?: TokenIdentity;
  /** Until when a channel's first live events wait for the client's resume. */
  private resumeWindowEndsAt = 0;
  private bucket?: TokenBucket;
  private authTimer?: NodeJS.Timeout;
  private pendingAuth?: Promise<void>;
  private delivery?: ChannelDelivery;
  private closing = false;

  constructor(
    readonly ws: WebSocket,
    readonly socketId: string,
    private readonly host: ConnectionHost,
  ) {
    (ws as TaggedSocket)[CONNECTION] = this;
  }

  start(subprotocolToken: string | undefined): void {
    this.ws.on('message', onMessage);
    this.ws.on('pong', onPong);
    this.ws.on('error', onError);
    this.ws.on('close', onClose);
    if (subprotocolToken) this.pendingAuth = this.authenticate(subprotocolToken);
    else
      this.authTimer = setTimeout(() => this.close(CLOSE.unauthenticated), this.host.settings.authTimeoutMs);
  }

  /** A domain event for this user: channel events go through seq ordering. */
  push(event: RoutedEvent): void {
    if (!this.userId) return;
    const delivery = this.channelDelivery();
    delivery.live(event);
    if (event.channelId && event.leavers?.includes(this.userId)) delivery.forget(event.channelId);
  }

  /** Called by the gateway's sweep: closes the socket once its token has expired. */
  closeIfExpired(now: number): void {
    if (this.token && now >= this.token.expiresAtMs) this.close(CLOSE.tokenExpired);
  }

  sendFrame(frame: ServerFrame): void {
    this.sendRaw(JSON.stringify(frame));
  }

  /** Queues a frame; a client whose queue outgrows the bound is dropped rather than buffered without end. */
  sendRaw(json: string): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(json);
    this.host.metrics.framesSent.inc();
    if (this.ws.bufferedAmount > this.host.settings.maxBufferedBytes) {
      this.close(CLOSE.tooSlow);
      // The close frame would wait behind what the client does not read: free it now.
      this.ws.terminate();
    }
  }

  close(code: CloseCode): void {
    if (this.closing) return;
    this.closing = true;
    this.host.metrics.closed.inc({ code });
    this.ws.close(code, CLOSE_REASONS[code]);
  }

  /** The token's user may still use it (a revocation arrived). */
  checkRevoked(): void {
    if (!this.token || !this.userId) return;
    const { tokenId, sessionId, expiresAtMs } = this.token;
    const claims = { userId: this.userId, tokenId, sessionId, expiresAt: new Date(expiresAtMs) };
    if (this.host.revoked.isRevoked(claims)) this.close(CLOSE.sessionRevoked);
  }

  /** A socket error (from the shared 'error' listener). */
  failed(error: Error & { code?: string }): void {
    // ws closes with 1009 itself when a frame is over maxPayload.
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.host.metrics.closed.inc({ code: 1009 });
    else this.host.logger.debug({ err: error }, 'ws socket error');
  }

  /** A client frame (from the shared 'message' listener). */
  async receive(text: string, isBinary: boolean): Promise<void> {
    if (this.closing) return;
    this.bucket ??= new TokenBucket(this.host.settings.ratePerSecond, this.host.settings.rateBurst);
    if (!this.bucket.take()) return this.close(CLOSE.rateLimited);
    const parsed = isBinary ? { error: 'frames are JSON text' } : parseClientFrame(text);
    if (this.pendingAuth) await this.pendingAuth;
    if (this.closing) return;
    if ('error' in parsed) {
      if (!this.userId) return this.close(CLOSE.unauthenticated);
      return this.sendFrame({ type: 'error', data: { code: 'invalid_frame', detail: parsed.error } });
    }
    const frame: ClientFrame = parsed.frame;
    if (frame.type === 'auth') {
      this.pendingAuth = this.authenticate(frame.token);
      return this.pendingAuth;
    }
    if (!this.userId) return this.close(CLOSE.unauthenticated);
    switch (frame.type) {
      case 'resume':
        for (const [channelId, lastSeq] of Object.entries(frame.channels))
          this.channelDelivery().resume(channelId, lastSeq);
        return;
      case 'typing':
        return this.host.typing(this, frame.channelId).catch((error: unknown) => {
          this.host.logger.warn({ err: error }, 'ws typing relay failed');
        });
      case 'ping':
        return this.sendFrame({ type: 'pong', data: {} });
    }
  }

  private async authenticate(token: string): Promise<void> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.host.verifier.verify(token);
    } catch (error) {
      const expired = error instanceof Error && /expired/.test(error.message);
      return this.close(expired ? CLOSE.tokenExpired : CLOSE.unauthenticated);
    } finally {
      this.pendingAuth = undefined;
    }
    if (this.closing) return;
    if (this.host.revoked.isRevoked(claims)) return this.close(CLOSE.sessionRevoked);
    // A re-authentication renews the token; it cannot switch users.
    if (this.userId && claims.userId !== this.userId) return this.close(CLOSE.unauthenticated);
    this.token = {
      tokenId: claims.tokenId,
      sessionId: claims.sessionId,
      expiresAtMs: claims.expiresAt.getTime(),
    };
    if (!this.userId) {
      clearTimeout(this.authTimer);
      this.authTimer = undefined;
      this.userId = claims.userId;
      this.resumeWindowEndsAt = Date.now() + RESUME_WINDOW_MS;
      this.host.authenticated(this);
    }
    this.sendFrame({
      type: 'ready',
      data: { userId: claims.userId, expiresAt: claims.expiresAt.toISOString() },
    });
  }

  /**
   * The per-channel ordering, made at the socket's first channel event or
   * resume: an idle socket has none. Made within the resume window, it holds
   * first live events until the window ends, as if it had existed since `ready`.
   */
  private channelDelivery(): ChannelDelivery {
    if (this.delivery) return this.delivery;
    const userId = this.userId!;
    const delivery = new ChannelDelivery(
      (event) => this.sendRaw(event.json),
      this.host.fetcherFor(userId),
      (channelId, code) => this.sendFrame({ type: 'error', channelId, data: { code } }),
    );
    const windowLeft = this.resumeWindowEndsAt - Date.now();
    if (windowLeft > 0) setTimeout(() => delivery.endOpening(), windowLeft).unref();
    else delivery.endOpening();
    this.delivery = delivery;
    return delivery;
  }

  /** The socket closed (from the shared 'close' listener). */
  cleanUp(): void {
    this.closing = true;
    clearTimeout(this.authTimer);
    this.host.closed(this);
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}
