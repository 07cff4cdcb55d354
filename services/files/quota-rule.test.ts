import { FILES_ERRORS } from './errors';
import { assertUploadFits } from './quota-rule';

const GIB = 1024n ** 3n;

describe('assertUploadFits', () => {
  const code = (error: { code: string }) => ({ code: error.code });

  it('lets an upload start when it fits in what is left', () => {
    expect(() =>
      assertUploadFits({ quotaBytes: 5n * GIB, usedBytes: GIB, reservedBytes: GIB, size: 3n * GIB }),
    ).not.toThrow();
  });

  it('refuses an upload that does not fit with quota_exceeded, naming what is free', () => {
    expect(() =>
      assertUploadFits({ quotaBytes: 100n, usedBytes: 60n, reservedBytes: 30n, size: 11n }),
    ).toThrow(expect.objectContaining(code(FILES_ERRORS.quotaExceeded(10))));
  });

  it('makes an account storing more than its quota read-only, even for an empty file', () => {
    // After a downgrade from 200 GiB to 5 GiB with 6 GiB stored.
    expect(() =>
      assertUploadFits({ quotaBytes: 5n * GIB, usedBytes: 6n * GIB, reservedBytes: 0n, size: 0n }),
    ).toThrow(expect.objectContaining({ code: 'account_over_quota' }));
  });

  it('lets uploads start again once usage fits (exactly at the quota, an empty file still fits)', () => {
    expect(() =>
      assertUploadFits({ quotaBytes: 5n * GIB, usedBytes: 5n * GIB, reservedBytes: 0n, size: 0n }),
    ).not.toThrow();
    expect(() =>
      assertUploadFits({ quotaBytes: 5n * GIB, usedBytes: 5n * GIB, reservedBytes: 0n, size: 1n }),
    ).toThrow(expect.objectContaining({ code: 'quota_exceeded' }));
  });
});
