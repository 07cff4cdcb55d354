import { Counter, Gauge, type Registry } from 'prom-client';

/** The WebSocket's numbers, in the process's registry (served on METRICS_PORT). */
export class WsMetrics {
  readonly connections: Gauge;
  readonly closed: Counter<'code'>;
  readonly framesSent: Counter;
  readonly eventsReceived: Counter;

  constructor(registry: Registry) {
    this.connections = new Gauge({
      name: 'streamhub_ws_connections',
      help: 'Open /v1/ws sockets (authenticated or not) in this process.',
      registers: [registry],
    });
    this.closed = new Counter({
      name: 'streamhub_ws_closed_total',
      help: 'Sockets the gateway closed, by close code (docs/messaging.md#close-codes).',
      labelNames: ['code'],
      registers: [registry],
    });
    this.framesSent = new Counter({
      name: 'streamhub_ws_frames_sent_total',
      help: 'Frames pushed to sockets.',
      registers: [registry],
    });
    this.eventsReceived = new Counter({
      name: 'streamhub_ws_events_received_total',
      help: 'Domain events this process consumed for fan-out.',
      registers: [registry],
    });
  }
}
