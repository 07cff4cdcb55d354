import { formatBytes, shortTime, table } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [200 * 1024 * 1024, '200 MiB'],
    [5 * 1024 ** 4, '5.0 TiB'],
  ])('%d bytes reads %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('table', () => {
  it('aligns every column but the last, which is never padded', () => {
    expect(
      table(
        ['ID', 'NAME'],
        [
          ['a', 'short'],
          ['abcdef', 'x'],
        ],
      ).split('\n'),
    ).toEqual(['ID      NAME', 'a       short', 'abcdef  x']);
  });

  it('is the header alone when there are no rows', () => {
    expect(table(['ID', 'SIZE', 'NAME'], [])).toBe('ID  SIZE  NAME');
  });
});

describe('shortTime', () => {
  it('keeps the date and the minute', () => {
    expect(shortTime('2026-12-01T01:02:03.456Z')).toBe('2026-12-01 01:02');
  });

  it('is empty for no time (a link without expiry)', () => {
    expect(shortTime(null)).toBe('');
    expect(shortTime(undefined)).toBe('');
  });
});
