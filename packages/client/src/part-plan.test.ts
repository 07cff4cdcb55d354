import { missingParts, partRange, runBounded } from './part-plan';

describe('part planning', () => {
  it('cuts every part partSize bytes but the last', () => {
    expect(partRange(40, 16, 1)).toEqual({ start: 0, end: 16 });
    expect(partRange(40, 16, 3)).toEqual({ start: 32, end: 40 });
  });

  it('lists the parts without an ETag, in order', () => {
    expect(missingParts(4, { '2': 'a', '4': 'b' })).toEqual([1, 3]);
    expect(missingParts(2, { '1': 'a', '2': 'b' })).toEqual([]);
  });

  it('runs at most `concurrency` at once and stops taking work after a failure', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const work = async (item: number) => {
      started.push(item);
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (item === 2) throw new Error('part 2 failed');
    };
    await expect(runBounded([1, 2, 3, 4, 5, 6], 2, work)).rejects.toThrow('part 2 failed');
    expect(peak).toBe(2);
    expect(started.length).toBeLessThan(6);
  });
});
