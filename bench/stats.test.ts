import { percentile, summarize } from './stats';

describe('percentile', () => {
  it('is the nearest rank: the smallest sample with at least p % of the samples at or below it', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index); // 100..1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile(samples, 0)).toBe(1);
  });

  it('takes the sample above for a rank between two', () => {
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
  });

  it('is NaN without samples, and leaves the input unsorted', () => {
    expect(percentile([], 50)).toBeNaN();
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('summarize', () => {
  it('gives count, extremes, mean and the percentiles', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ count: 4, min: 1, p50: 2, p90: 4, p99: 4, max: 4, mean: 2.5 });
  });
});
