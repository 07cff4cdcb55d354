import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelDelivery, NotAChannelMember, type FetchChannelEvents } from './channel-delivery';
import type { RoutedEvent } from './server-frames';

const CHANNEL = 'c1';
const event = (seq: number): RoutedEvent => ({
  channelId: CHANNEL,
  seq,
  recipients: ['u'],
  json: String(seq),
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/** A chat service holding seqs 1..stored, answered in pages of `page`. */
function storedUpTo(stored: () => number, page = 3, delayMs = 5): FetchChannelEvents {
  return async function* (_channelId, afterSeq) {
    let after = afterSeq;
    while (after < stored()) {
      await sleep(delayMs);
      const seqs = range(after + 1, Math.min(stored(), after + page));
      yield seqs.map(event);
      after = seqs.at(-1)!;
    }
  };
}

/** A delivery past its opening window, unless `opening` keeps it there. */
function harness(fetch: FetchChannelEvents, options: { opening?: boolean } = {}) {
  const sent: number[] = [];
  const failures: string[] = [];
  const delivery = new ChannelDelivery(
    (routed) => sent.push(routed.seq!),
    fetch,
    (_channel, reason) => failures.push(reason),
  );
  if (!options.opening) delivery.endOpening();
  return { sent, failures, delivery };
}

describe('ChannelDelivery', () => {
  it('replays after lastSeq, holds live events meanwhile, and sends each seq once in order', async () => {
    let stored = 10;
    const { sent, delivery } = harness(storedUpTo(() => stored));
    delivery.resume(CHANNEL, 4);
    for (const seq of [8, 9, 10]) delivery.live(event(seq)); // already stored, arriving live during the replay
    stored = 12;
    delivery.live(event(11));
    delivery.live(event(12));
    await sleep(100);
    delivery.live(event(13));
    delivery.live(event(12)); // a redelivery
    expect(sent).toEqual(range(5, 13));
  });

  it('fills a gap in the live stream from the chat service', async () => {
    let stored = 3;
    const { sent, delivery } = harness(storedUpTo(() => stored));
    delivery.live(event(1));
    stored = 6;
    delivery.live(event(4)); // 2 and 3 were lost on the way
    delivery.live(event(5));
    await sleep(100);
    delivery.live(event(6));
    delivery.live(event(7));
    expect(sent).toEqual(range(1, 7));
  });

  it('sends the part before the first live event when the resume comes after it', async () => {
    const { sent, delivery } = harness(storedUpTo(() => 8));
    delivery.live(event(7));
    delivery.resume(CHANNEL, 3);
    await sleep(100);
    delivery.live(event(8));
    expect([...sent].sort((a, b) => a - b)).toEqual(range(4, 8));
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('while opening, holds a live event that came before the resume and sends it after the replay, in order', async () => {
    const { sent, delivery } = harness(
      storedUpTo(() => 8),
      { opening: true },
    );
    delivery.live(event(7));
    expect(sent).toEqual([]);
    delivery.resume(CHANNEL, 3);
    await sleep(100);
    delivery.live(event(8));
    expect(sent).toEqual(range(4, 8));
  });

  it('sends what it held, in order, when the opening ends without a resume', () => {
    const { sent, delivery } = harness(
      storedUpTo(() => 9),
      { opening: true },
    );
    delivery.live(event(9));
    delivery.live(event(8));
    delivery.endOpening();
    delivery.live(event(10));
    expect(sent).toEqual([8, 9, 10]);
  });

  it('reports a channel the user is not a member of, and forgets it', async () => {
    const { sent, failures, delivery } = harness(async function* () {
      yield* [];
      throw new NotAChannelMember(CHANNEL);
    });
    delivery.resume(CHANNEL, 0);
    delivery.live(event(1));
    await sleep(20);
    expect(failures).toEqual(['channel_not_found']);
    expect(sent).toEqual([]);
    expect(delivery.deliveredSeq(CHANNEL)).toBeUndefined();
  });
});
