import { InvalidArgumentError } from 'commander';

/** commander's parser for counts and seconds: a bad value is a usage error (exit 2), never NaN sent to the server. */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more');
  return parsed;
}
