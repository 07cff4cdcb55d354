import { randomUUID } from 'node:crypto';
import { issuedAtOfTokenId, newTokenId } from './token-ids';

describe('token ids', () => {
  it('are UUIDv7 that carry their issue time to the millisecond', () => {
    const now = Date.UTC(2026, 10, 30, 17, 0, 0, 123);
    const id = newTokenId(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(issuedAtOfTokenId(id)).toBe(now);
    expect(newTokenId(now)).not.toBe(id);
  });

  it('answer no time for an id that is not a UUIDv7', () => {
    expect(issuedAtOfTokenId(randomUUID())).toBeUndefined();
    expect(issuedAtOfTokenId('not-an-id')).toBeUndefined();
  });
});
