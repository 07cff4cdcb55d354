import { postCallsLine } from './post-calls';

describe('postCallsLine', () => {
  it('gives the calls a post made during the load, by guess', () => {
    const before = { current: 10, stale: 5, none: 2 };
    const after = { current: 1010, stale: 305, none: 2 };
    expect(postCallsLine(before, after, 1000)).toBe(
      '1.30 calls of chat.post_message_if_current a post (current 1,000, stale 300, none 0)',
    );
  });
});
