import { ChannelPostStates } from './channel-post-states';

const state = (lastSeq: number) => ({
  type: 'group' as const,
  lastSeq: BigInt(lastSeq),
  memberIds: ['a', 'b'],
});

describe('ChannelPostStates', () => {
  it('keeps the last state set per channel, and forgets one on demand', () => {
    const states = new ChannelPostStates();
    states.set('c1', state(1));
    states.set('c1', state(2));
    expect(states.get('c1')?.lastSeq).toBe(2n);
    states.forget('c1');
    expect(states.get('c1')).toBeUndefined();
  });

  it('holds at most its capacity, forgetting the channel used longest ago first', () => {
    const states = new ChannelPostStates(2);
    states.set('c1', state(1));
    states.set('c2', state(2));
    states.get('c1'); // c1 used after c2
    states.set('c3', state(3));
    expect(states.size).toBe(2);
    expect(states.get('c2')).toBeUndefined();
    expect(states.get('c1')?.lastSeq).toBe(1n);
    expect(states.get('c3')?.lastSeq).toBe(3n);
  });

  it('moves a known channel on to a newer seq and its members, in place, never back, and learns no channel', () => {
    const states = new ChannelPostStates(2);
    states.set('c1', state(5));
    states.set('c2', state(1));
    states.refresh('c1', 7n, ['a', 'b', 'c']);
    expect(states.get('c1')).toEqual({ type: 'group', lastSeq: 7n, memberIds: ['a', 'b', 'c'] });
    // Its own older post, heard late: no step back.
    states.refresh('c1', 6n, ['a', 'b']);
    expect(states.get('c1')?.lastSeq).toBe(7n);
    // Hearing is not using: c2 stays the one used longest ago, and is forgotten first.
    states.refresh('c2', 2n, ['a', 'b']);
    states.set('c3', state(1));
    expect(states.get('c2')).toBeUndefined();
    // A channel never posted to here is not learnt.
    states.refresh('c9', 3n, ['a']);
    expect(states.get('c9')).toBeUndefined();
  });
});
