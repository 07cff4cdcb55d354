import { parseByteQuantity } from './quantity';

describe('parseByteQuantity', () => {
  it.each([
    ['200Gi', 200n * 1024n ** 3n],
    ['10Gi', 10n * 1024n ** 3n],
    ['512Mi', 512n * 1024n ** 2n],
    ['1Ki', 1024n],
    ['2Ti', 2n * 1024n ** 4n],
    ['5G', 5_000_000_000n],
    ['3k', 3000n],
    ['1.5Gi', 1_610_612_736n],
    ['1048576', 1_048_576n],
    ['0', 0n],
    ['7Ei', 7n * 2n ** 60n],
  ])('reads %s as %s bytes', (text, bytes) => {
    expect(parseByteQuantity(text)).toBe(bytes);
  });

  it('reads a plain number as bytes', () => {
    expect(parseByteQuantity(4096)).toBe(4096n);
  });

  it('keeps values beyond 2^53 exact', () => {
    expect(parseByteQuantity('8191Pi')).toBe(8191n * 2n ** 50n);
    expect(parseByteQuantity('8191Pi').toString()).toBe('9222246136947933184');
  });

  it.each(['', 'Gi', '10GB', '-1Gi', '1e3', '10 Gi', '0.1'])('refuses %j', (text) => {
    expect(() => parseByteQuantity(text)).toThrow(/byte quantity|whole number of bytes/);
  });

  it('refuses a fraction of a byte and a negative or fractional number', () => {
    expect(() => parseByteQuantity('1.0001k')).toThrow(/whole number of bytes/);
    expect(() => parseByteQuantity(-5)).toThrow(/non-negative/);
    expect(() => parseByteQuantity(1.5)).toThrow(/whole/);
  });

  it('refuses more bytes than an int8 column holds', () => {
    expect(() => parseByteQuantity('8Ei')).toThrow(/more bytes than billing can store/);
  });
});
