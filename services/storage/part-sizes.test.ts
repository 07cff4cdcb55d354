import { expectedPartSize, partCount, partLayoutProblem } from './part-sizes';

const layout = { size: 40, partSize: 16 };

describe('part sizes', () => {
  it('cuts the declared size into full parts and a last part holding the rest', () => {
    expect(partCount(layout)).toBe(3);
    expect([1, 2, 3].map((n) => expectedPartSize(layout, n))).toEqual([16, 16, 8]);
    expect(partCount({ size: 32, partSize: 16 })).toBe(2);
    expect(expectedPartSize({ size: 32, partSize: 16 }, 2)).toBe(16);
  });

  it('accepts exactly the planned parts', () => {
    const stored = [
      { partNumber: 2, size: 16 },
      { partNumber: 1, size: 16 },
      { partNumber: 3, size: 8 },
    ];
    expect(partLayoutProblem(layout, stored)).toBeUndefined();
  });

  it('names a part of the wrong size, a missing part and a part beyond the count', () => {
    expect(
      partLayoutProblem(layout, [
        { partNumber: 1, size: 17 },
        { partNumber: 2, size: 16 },
        { partNumber: 3, size: 7 },
      ]),
    ).toBe('part 1 holds 17 bytes, the upload declared 16');
    expect(partLayoutProblem(layout, [{ partNumber: 1, size: 16 }])).toBe('expected parts 1 to 3, stored 1');
    expect(
      partLayoutProblem(layout, [
        { partNumber: 1, size: 16 },
        { partNumber: 2, size: 16 },
        { partNumber: 4, size: 8 },
      ]),
    ).toBe('expected parts 1 to 3, stored 1, 2, 4');
    expect(partLayoutProblem(layout, [])).toBe('expected parts 1 to 3, stored none');
  });
});
