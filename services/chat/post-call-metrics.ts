import { Counter, type Registry } from 'prom-client';

/** Which guess a call of chat.post_message_if_current carried (commands/post-message.ts). */
export type PostGuess = 'current' | 'stale' | 'none';

/**
 * How often a post's guess of its channel was current. `current`: posted in
 * one round trip; `stale`: nothing written, the current state came back and
 * the post is built again; `none`: this process knew nothing of the channel.
 * Stale calls are the hot path's waste: a channel posted to through several
 * processes at once, or a process whose gateway does not hear chat events.
 */
export class PostCallMetrics {
  readonly calls: Counter<'guess'>;

  /** Without a registry (a test's own deps), the counts are kept but not served. */
  constructor(registry?: Registry) {
    this.calls = new Counter({
      name: 'streamhub_chat_post_calls_total',
      help: 'Calls of chat.post_message_if_current, by the guess of the channel they carried: current, stale or none.',
      labelNames: ['guess'],
      registers: registry ? [registry] : [],
    });
  }

  called(guess: PostGuess): void {
    this.calls.inc({ guess });
  }
}
