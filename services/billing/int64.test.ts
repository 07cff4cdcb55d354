import { int64FromPg } from './int64';

describe('int64FromPg', () => {
  it('converts pg int8 strings exactly, beyond 2^53', () => {
    expect(int64FromPg('5368709120')).toBe(5_368_709_120n);
    expect(int64FromPg('9007199254740993')).toBe(9_007_199_254_740_993n);
    expect(int64FromPg('-9223372036854775808')).toBe(-9_223_372_036_854_775_808n);
    expect(int64FromPg('0')).toBe(0n);
  });

  it('accepts safe integer numbers (an int8 type parser may already have run)', () => {
    expect(int64FromPg(42)).toBe(42n);
  });

  it.each(['', ' 1', '1.5', '0x10', '1e3', 'NaN'])('refuses %j instead of guessing', (value) => {
    expect(() => int64FromPg(value)).toThrow(RangeError);
  });

  it.each([1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN])('refuses the inexact number %p', (value) => {
    expect(() => int64FromPg(value)).toThrow(RangeError);
  });
});
