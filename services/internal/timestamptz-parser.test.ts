import pg from 'pg';
import { parseTimestamptz } from './timestamptz-parser';

// pg's default parser is the reference: the fast path must give the very same Date.
const reference = pg.types.getTypeParser(1184, 'text') as (text: string) => Date | number | null;

describe('parseTimestamptz', () => {
  it.each([
    '2026-11-30 16:30:23+00',
    '2026-11-30 16:30:23.8+00',
    '2026-11-30 16:30:23.819+00',
    '2026-11-30 16:30:23.819999+00',
    '2026-11-30 16:30:23.000001+00',
    '2026-02-28 23:59:59.999+05:30',
    '2026-01-01 00:00:00-08',
    '1970-01-01 00:00:00+00',
    '2024-02-29 12:00:00.5-03:30',
    '1900-06-01 00:00:00+00:19:32',
  ])('reads %s as pg does', (text) => {
    const fast = parseTimestamptz(text) as Date;
    expect(fast).toBeInstanceOf(Date);
    expect(fast.getTime()).toBe((reference(text) as Date).getTime());
  });

  it.each(['infinity', '-infinity', '0099-01-01 00:00:00+00', '2000-01-01 00:00:00+00 BC'])(
    'hands %s to pg’s parser',
    (text) => {
      expect(parseTimestamptz(text)).toEqual(reference(text));
    },
  );
});
