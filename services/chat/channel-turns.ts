/**
 * Runs this process's posts to one channel one after another (posts to
 * different channels still run side by side). Posts to a channel are written
 * one at a time anyway, under the channel's lock in Postgres; racing there
 * only made all but one of them guess a seq another had just taken, and pay
 * a call for nothing (commands/post-message.ts). Waiting here instead, each
 * post is built on the seq the one before it took.
 */
export class ChannelTurns {
  // The last turn queued per channel; a channel with nothing queued has none.
  private readonly lastTurns = new Map<string, Promise<void>>();

  async run<T>(channelId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.lastTurns.get(channelId);
    let done!: () => void;
    const turn = new Promise<void>((resolve) => (done = resolve));
    this.lastTurns.set(channelId, turn);
    try {
      if (previous) await previous;
      return await work();
    } finally {
      done();
      if (this.lastTurns.get(channelId) === turn) this.lastTurns.delete(channelId);
    }
  }

  /** Channels with a post running or waiting (tests). */
  get busy(): number {
    return this.lastTurns.size;
  }
}
