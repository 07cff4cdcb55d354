import { DEFAULT_MIN_PART_SIZE, planMultipart, S3_LIMITS } from './multipart';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

describe('planMultipart', () => {
  it('uses 16 MiB parts while they fit in 10,000 parts; the last part takes the rest', () => {
    expect(planMultipart(100 * MiB)).toEqual({ partSize: 16 * MiB, partCount: 7 });
    expect(planMultipart(64 * MiB + 1)).toEqual({ partSize: 16 * MiB, partCount: 5 });
    expect(planMultipart(1)).toEqual({ partSize: DEFAULT_MIN_PART_SIZE, partCount: 1 });
  });

  it('grows the part size in whole MiB once 16 MiB parts would exceed 10,000', () => {
    const size = 200 * GiB;
    const plan = planMultipart(size);
    expect(plan.partSize % MiB).toBe(0);
    expect(plan.partSize).toBe(21 * MiB);
    expect(plan.partCount).toBe(Math.ceil(size / (21 * MiB)));
    expect(plan.partCount).toBeLessThanOrEqual(10_000);
  });

  it('fits the largest S3 object within S3’s part limits', () => {
    const plan = planMultipart(5 * TiB);
    expect(plan).toEqual({ partSize: 525 * MiB, partCount: 9987 });
    expect(plan.partSize).toBeLessThanOrEqual(S3_LIMITS.maxPartSize);
  });

  it('keeps every plan within 10,000 parts and every part within 5 MiB..5 GiB', () => {
    for (const size of [1, 5 * MiB, 16 * MiB * 10_000, 16 * MiB * 10_000 + 1, 3 * TiB + 7, 5 * TiB]) {
      const { partSize, partCount } = planMultipart(size);
      expect(partCount).toBeLessThanOrEqual(S3_LIMITS.maxParts);
      expect(partSize).toBeGreaterThanOrEqual(S3_LIMITS.minPartSize);
      expect(partSize).toBeLessThanOrEqual(S3_LIMITS.maxPartSize);
      expect((partCount - 1) * partSize).toBeLessThan(size);
      expect(partCount * partSize).toBeGreaterThanOrEqual(size);
    }
  });

  it('takes a smaller minimum part size down to S3’s 5 MiB', () => {
    expect(planMultipart(12 * MiB, { minPartSize: 5 * MiB })).toEqual({ partSize: 5 * MiB, partCount: 3 });
    expect(() => planMultipart(12 * MiB, { minPartSize: 5 * MiB - 1 })).toThrow(RangeError);
  });

  it('refuses sizes S3 cannot store as one object', () => {
    for (const size of [0, -1, 1.5, 5 * TiB + 1, Number.NaN])
      expect(() => planMultipart(size)).toThrow(RangeError);
  });
});
