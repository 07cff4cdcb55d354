import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

export interface Frame {
  type: string;
  seq?: number;
  channelId?: string;
  data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A `ws` client that keeps every frame it received and how it was closed. */
export class TestSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse((data as Buffer).toString('utf8')) as Frame));
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => undefined);
  }

  /** Connects with the token in the `bearer.<token>` subprotocol (or none: first-frame auth). */
  static async open(baseUrl: string, options: { token?: string; path?: string } = {}): Promise<TestSocket> {
    const url = baseUrl.replace(/^http/, 'ws') + (options.path ?? '/v1/ws');
    const protocols = ['streamhub.v1', ...(options.token ? [`bearer.${options.token}`] : [])];
    const socket = new TestSocket(new WebSocket(url, protocols));
    await socket.opened;
    return socket;
  }

  /** Connects and waits for `ready`. */
  static async ready(baseUrl: string, token: string): Promise<TestSocket> {
    const socket = await TestSocket.open(baseUrl, { token });
    await socket.next((frame) => frame.type === 'ready');
    return socket;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  of(type: string, channelId?: string): Frame[] {
    return this.frames.filter(
      (frame) => frame.type === type && (!channelId || frame.channelId === channelId),
    );
  }

  async next(match: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`);
      await sleep(20);
    }
  }

  /** Waits until `count` frames match. */
  async count(match: (frame: Frame) => boolean, count: number, timeoutMs = 20_000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.filter(match);
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(`only ${found.length} of ${count} frames in ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    await this.closed;
  }
}
