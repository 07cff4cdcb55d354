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

// setTimeout's longest delay; a token living longer is re-checked then.
// How long after authentication a channel's first live events wait for the
// client's `resume` (docs/messaging.md#websocket): enough for a client that
// sends it right after `ready`, short for one that never does.
const RESUME_WINDOW_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a socket needs from its gateway process. */
export interface ConnectionHost {
  settings: ConfigSection<'websocket'>;
  verifier: AccessTokenVerifier;
  revoked: RevokedSessions;
  metrics: WsMetrics;
  logger: Logger;
  fetcherFor(userId: string): FetchChannelEvents;
  authenticated(connection: WsConnection): void;
  closed(connection: WsConnection): void;
  typing(connection: WsConnection, channelId: string): Promise<void>;
}

/**
 * One /v1/ws socket: authentication (subprotocol token or first frame),
 * token expiry, the frame budget, backpressure, and per-channel delivery.
 */
export class WsConnection {
  userId?: string;
  claims?: AccessTokenClaims;
  /** Cleared by each server ping, set by the pong: false at the next ping means dead. */
  alive = true;
  private readonly bucket: TokenBucket;
  private authTimer?: NodeJS.Timeout;
  private expiryTimer?: NodeJS.Timeout;
  private pendingAuth?: Promise<void>;
  private delivery?: ChannelDelivery;
  private closing = false;

  constructor(
    readonly ws: WebSocket,
    readonly socketId: string,
    private readonly host: ConnectionHost,
  ) {
    this.bucket = new TokenBucket(host.settings.ratePerSecond, host.settings.rateBurst);
  }

  start(subprotocolToken: string | undefined): void {
    this.ws.on('message', (data, isBinary) => void this.receive(rawText(data), isBinary));
    this.ws.on('pong', () => (this.alive = true));
    this.ws.on('error', (error: Error & { code?: string }) => {
      // ws closes with 1009 itself when a frame is over maxPayload.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.host.metrics.closed.inc({ code: 1009 });
      else this.host.logger.debug({ err: error }, 'ws socket error');
    });
    this.ws.on('close', () => this.cleanUp());
    if (subprotocolToken) this.pendingAuth = this.authenticate(subprotocolToken);
    else
      this.authTimer = setTimeout(() => this.close(CLOSE.unauthenticated), this.host.settings.authTimeoutMs);
  }

  /** A domain event for this user: channel events go through seq ordering. */
  push(event: RoutedEvent): void {
    if (!this.delivery) return;
    this.delivery.live(event);
    if (event.channelId && event.leavers?.includes(this.userId!)) this.delivery.forget(event.channelId);
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
    if (this.claims && this.host.revoked.isRevoked(this.claims)) this.close(CLOSE.sessionRevoked);
  }

  private async receive(text: string, isBinary: boolean): Promise<void> {
    if (this.closing) return;
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
          this.delivery!.resume(channelId, lastSeq);
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
    this.claims = claims;
    this.armExpiry(claims.expiresAt.getTime());
    if (!this.userId) {
      clearTimeout(this.authTimer);
      this.userId = claims.userId;
      this.delivery = new ChannelDelivery(
        (event) => this.sendRaw(event.json),
        this.host.fetcherFor(claims.userId),
        (channelId, code) => this.sendFrame({ type: 'error', channelId, data: { code } }),
      );
      const delivery = this.delivery;
      setTimeout(() => delivery.endOpening(), RESUME_WINDOW_MS).unref();
      this.host.authenticated(this);
    }
    this.sendFrame({
      type: 'ready',
      data: { userId: claims.userId, expiresAt: claims.expiresAt.toISOString() },
    });
  }

  private armExpiry(expiresAtMs: number) {
    clearTimeout(this.expiryTimer);
    const delay = Math.max(0, expiresAtMs - Date.now());
    this.expiryTimer = setTimeout(
      () => (Date.now() >= expiresAtMs ? this.close(CLOSE.tokenExpired) : this.armExpiry(expiresAtMs)),
      Math.min(delay, MAX_TIMER_MS),
    );
  }

  private cleanUp() {
    this.closing = true;
    clearTimeout(this.authTimer);
    clearTimeout(this.expiryTimer);
    if (this.userId) this.host.closed(this);
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}
