import type { Event } from './events';
import type { Logger } from '../logger';

export type LocalEventListener = (event: Event) => void;

/**
 * The events this process has already read and decoded from Kafka (the
 * gateway's fan-out stream reads every chat, notification, file and billing
 * event), offered to its other modules, so that a module that only wants to
 * keep a cache fresh needs no consumer, fetches or decoding of its own. A
 * process that reads no events offers none: a listener must treat what it
 * hears as a hint, never as the only way to learn something.
 */
export class LocalEvents {
  private readonly listeners = new Set<LocalEventListener>();

  constructor(private readonly logger: Logger) {}

  /** Calls `listener` with every event heard from now on; the answer stops it. */
  listen(listener: LocalEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Synchronous: the reader goes on with its batch only after every listener. */
  heard(event: Event): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A listener's fault must not stop the fan-out that told it.
        this.logger.warn({ err: error, eventType: event.type }, 'a local event listener failed');
      }
    }
  }
}
