import type { ChannelType } from './store';

/** What a post is built from: the channel's kind, its last seq and its members (in join order). */
export interface ChannelPostState {
  type: ChannelType;
  lastSeq: bigint;
  memberIds: string[];
}

const DEFAULT_CAPACITY = 10_000;

/**
 * The last state this process saw of each channel it posted to, so that the
 * next post can be built before the channel is read and written in one round
 * trip (commands/post-message.ts). A guess, never trusted: Postgres checks it
 * under the channel's lock and answers the real state when it is stale
 * (another process posted, a member joined or left). Bounded: the channels
 * used longest ago are forgotten first.
 */
export class ChannelPostStates {
  private readonly states = new Map<string, ChannelPostState>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  get(channelId: string): ChannelPostState | undefined {
    const state = this.states.get(channelId);
    if (state) {
      // Map keeps insertion order: re-inserting marks it used most recently.
      this.states.delete(channelId);
      this.states.set(channelId, state);
    }
    return state;
  }

  set(channelId: string, state: ChannelPostState): void {
    this.states.delete(channelId);
    this.states.set(channelId, state);
    if (this.states.size > this.capacity) this.states.delete(this.states.keys().next().value!);
  }

  /**
   * What another process did to a channel this process knows (its event,
   * heard from Kafka): the guess moves on to that seq and those members. An
   * event older than the guess (this process's own post, heard after a newer
   * one) changes nothing, and a channel this process never posted to is not
   * learnt: the bound is for the channels posted to here.
   */
  refresh(channelId: string, lastSeq: bigint, memberIds: string[]): void {
    const state = this.states.get(channelId);
    if (!state || lastSeq <= state.lastSeq) return;
    // In place: hearing of a channel is not using it (the least recently posted go first).
    this.states.set(channelId, { type: state.type, lastSeq, memberIds });
  }

  forget(channelId: string): void {
    this.states.delete(channelId);
  }

  get size(): number {
    return this.states.size;
  }
}
