import type { RoutedEvent } from './server-frames';

/** Events of one channel after a seq, oldest first, page by page (ChatService.ListChannelEvents). */
export type FetchChannelEvents = (channelId: string, afterSeq: number) => AsyncIterable<RoutedEvent[]>;

interface ChannelState {
  /** The lowest and highest seq of the contiguous run this socket was sent. */
  from: number;
  delivered: number;
  /** Live events held while a replay of this channel runs. */
  held?: RoutedEvent[];
  /** More arrived than are held: fetch again after the replay. */
  overflowed?: boolean;
  /** First seen while the socket was opening: held until the client resumes or the opening ends. */
  awaitingResume?: boolean;
}

// Live events held per channel during a replay; beyond, they are fetched
// again from the chat service (every event on Kafka is already stored there).
const MAX_HELD = 1000;

export type ReplayFailure = 'channel_not_found' | 'catch_up_failed';

/** What a fetch throws when the user is not (or no longer) a member of the channel. */
export class NotAChannelMember extends Error {
  constructor(readonly channelId: string) {
    super(`not a member of channel ${channelId}`);
  }
}

/**
 * One socket's per-channel ordering: every channel event is sent once, in
 * seq order, with nothing skipped. A resume replays what the client missed
 * while holding live events of that channel; a gap in the live stream
 * (events lost between Kafka and this process) is filled the same way.
 */
export class ChannelDelivery {
  private readonly channels = new Map<string, ChannelState>();
  /**
   * Right after authentication a client that reconnects sends `resume`; a
   * live event that came first would otherwise go out before the replay of
   * what preceded it. While opening, a channel's first live events are held
   * until its resume (then they follow the replay) or until endOpening().
   */
  private opening = true;

  constructor(
    private readonly send: (event: RoutedEvent) => void,
    private readonly fetch: FetchChannelEvents,
    private readonly failed: (channelId: string, reason: ReplayFailure) => void,
  ) {}

  /** The last seq sent per channel (for tests and diagnostics). */
  deliveredSeq(channelId: string): number | undefined {
    return this.channels.get(channelId)?.delivered;
  }

  live(event: RoutedEvent): void {
    const { channelId, seq } = event;
    if (channelId === undefined || seq === undefined) return this.send(event);
    const state = this.channels.get(channelId);
    if (!state && this.opening) {
      this.channels.set(channelId, { from: seq, delivered: seq - 1, held: [event], awaitingResume: true });
      return;
    }
    if (!state) {
      this.channels.set(channelId, { from: seq, delivered: seq });
      return this.send(event);
    }
    if (state.held) return this.hold(state, event);
    if (seq <= state.delivered) return; // already sent (a replay, or Kafka redelivering)
    if (seq === state.delivered + 1) {
      state.delivered = seq;
      return this.send(event);
    }
    // A gap: what is missing is stored with chat; fetch it, then this one.
    state.held = [event];
    void this.replay(channelId, state, state.delivered);
  }

  /** The client has everything up to lastSeq: send what follows it, then live. */
  resume(channelId: string, lastSeq: number): void {
    const state = this.channels.get(channelId);
    if (state?.awaitingResume) {
      // Live events came first and were held: replay from lastSeq, then them, in order.
      state.awaitingResume = false;
      state.from = lastSeq + 1;
      state.delivered = lastSeq;
      return void this.replay(channelId, state, lastSeq);
    }
    if (state?.held) return; // a replay is running: it ends at the newest event anyway
    if (!state) {
      const fresh: ChannelState = { from: lastSeq + 1, delivered: lastSeq, held: [] };
      this.channels.set(channelId, fresh);
      return void this.replay(channelId, fresh, lastSeq);
    }
    // Live events arrived before the resume: only the part before them is missing.
    if (lastSeq >= state.from - 1) {
      state.delivered = Math.max(state.delivered, lastSeq);
      return;
    }
    state.held = [];
    void this.replay(channelId, state, lastSeq, state.from);
  }

  /** The client had its chance to resume: held channels go live, in seq order. */
  endOpening(): void {
    this.opening = false;
    for (const state of this.channels.values()) {
      if (!state.awaitingResume) continue;
      state.awaitingResume = false;
      const held = (state.held ?? []).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
      state.held = undefined;
      // The run starts at the lowest held seq, whichever arrived first.
      state.from = held[0]?.seq ?? state.from;
      state.delivered = state.from - 1;
      for (const event of held)
        if ((event.seq ?? 0) > state.delivered) {
          state.delivered = event.seq!;
          this.send(event);
        }
    }
  }

  forget(channelId: string): void {
    this.channels.delete(channelId);
  }

  private hold(state: ChannelState, event: RoutedEvent) {
    if (state.held!.length < MAX_HELD) state.held!.push(event);
    else state.overflowed = true;
  }

  private async replay(channelId: string, state: ChannelState, afterSeq: number, beforeSeq?: number) {
    try {
      let after = afterSeq;
      for (;;) {
        state.overflowed = false;
        for await (const page of this.fetch(channelId, after)) {
          for (const event of page) {
            const seq = event.seq ?? 0;
            if (beforeSeq !== undefined) {
              if (seq > afterSeq && seq < beforeSeq) this.send(event);
            } else if (seq > state.delivered) {
              state.delivered = seq;
              this.send(event);
            }
          }
          if (this.channels.get(channelId) !== state) return; // forgotten meanwhile
          const last = page.at(-1)?.seq ?? 0;
          if (beforeSeq !== undefined && last >= beforeSeq - 1) break;
        }
        if (beforeSeq !== undefined) state.from = Math.min(state.from, afterSeq + 1);
        if (!state.overflowed) break;
        after = state.delivered;
        beforeSeq = undefined;
      }
    } catch (error) {
      const notMember = error instanceof NotAChannelMember;
      this.failed(channelId, notMember ? 'channel_not_found' : 'catch_up_failed');
      if (notMember) return void this.channels.delete(channelId);
    }
    const held = (state.held ?? []).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    state.held = undefined;
    // One attempt per gap: what the chat service does not have is not waited for.
    for (const event of held)
      if ((event.seq ?? 0) > state.delivered) {
        state.delivered = event.seq!;
        this.send(event);
      }
  }
}
