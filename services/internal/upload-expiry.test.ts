import {
  DEFAULT_UPLOAD_TTL_SECONDS,
  MAX_UPLOAD_TTL_SECONDS,
  newUploadExpiry,
  presignSecondsUntil,
  uploadExpiry,
} from './upload-expiry';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('upload expiry', () => {
  it('expires the URLs after the TTL and gives up a minute later', () => {
    expect(newUploadExpiry(DEFAULT_UPLOAD_TTL_SECONDS, NOW)).toEqual({
      urlExpiresAt: new Date('2026-03-01T13:00:00Z'),
      giveUpAt: new Date('2026-03-01T13:01:00Z'),
    });
  });

  it('keeps the grace period no longer than a short TTL', () => {
    expect(newUploadExpiry(2, NOW)).toEqual({
      urlExpiresAt: new Date('2026-03-01T12:00:02Z'),
      giveUpAt: new Date('2026-03-01T12:00:04Z'),
    });
  });

  it('gives the same answer for a recorded URL expiry as for the new upload it came from', () => {
    const created = newUploadExpiry(600, NOW);
    expect(uploadExpiry(created.urlExpiresAt, 600)).toEqual(created);
  });

  it('presigns URLs that stop working at the recorded expiry, within what S3 accepts', () => {
    const { urlExpiresAt } = newUploadExpiry(900, NOW);
    expect(presignSecondsUntil(urlExpiresAt, NOW)).toBe(900);
    expect(presignSecondsUntil(urlExpiresAt, new Date(NOW.getTime() + 300_500))).toBe(600);
    expect(presignSecondsUntil(urlExpiresAt, new Date('2026-03-01T13:00:00Z'))).toBe(1);
    expect(presignSecondsUntil(new Date('2026-04-01T00:00:00Z'), NOW)).toBe(MAX_UPLOAD_TTL_SECONDS);
  });
});
