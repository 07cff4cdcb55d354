import { decodeTimeIdCursor, encodeTimeIdCursor } from './time-id-cursor';

describe('time and id cursors', () => {
  const at = new Date('2026-11-30T18:00:00.123Z');

  it('gives back the time and id it was made from', () => {
    expect(decodeTimeIdCursor(encodeTimeIdCursor(at, '42'), /^\d+$/)).toEqual({ at, id: '42' });
  });

  it('refuses what it did not make, or an id of the wrong form', () => {
    expect(decodeTimeIdCursor('not-a-cursor', /^\d+$/)).toBeUndefined();
    expect(decodeTimeIdCursor(encodeTimeIdCursor(at, 'abc'), /^\d+$/)).toBeUndefined();
    expect(decodeTimeIdCursor(Buffer.from('["never", "1"]').toString('base64url'), /^\d+$/)).toBeUndefined();
  });
});
