// The one rule for how long an upload lives. The files service records the
// URL expiry on the pending version, asks storage for presigned URLs that
// stop working exactly then, answers the client with it, and starts
// `upload:<fileId>` to give up a grace period later. Storage uses the same
// default when a caller names no expiry.

/** How long an upload's URLs (and so an unfinished upload) live unless UPLOAD_URL_TTL_SECONDS says otherwise. */
export const DEFAULT_UPLOAD_TTL_SECONDS = 3600;
/** S3 refuses presigned URLs valid for longer than 7 days. */
export const MAX_UPLOAD_TTL_SECONDS = 7 * 24 * 3600;
// A PUT that started just before its URL expired may still finish. Never
// longer than the TTL itself, so a short TTL (tests) gives up soon too.
const GIVE_UP_GRACE_SECONDS = 60;

export interface UploadExpiry {
  /** When the upload's presigned URLs stop working; recorded on the pending version. */
  urlExpiresAt: Date;
  /** When `upload:<fileId>` gives up an upload that never arrived and releases its quota. */
  giveUpAt: Date;
}

/** The expiry of an upload created at `now`. */
export function newUploadExpiry(ttlSeconds: number, now: Date = new Date()): UploadExpiry {
  return uploadExpiry(new Date(now.getTime() + ttlSeconds * 1000), ttlSeconds);
}

/** The expiry of an upload whose URL expiry is already recorded (for example when the sweeper restarts its workflow). */
export function uploadExpiry(urlExpiresAt: Date, ttlSeconds: number): UploadExpiry {
  const graceMs = Math.min(GIVE_UP_GRACE_SECONDS, ttlSeconds) * 1000;
  return { urlExpiresAt, giveUpAt: new Date(urlExpiresAt.getTime() + graceMs) };
}

/** The lifetime to presign at `now` so a URL stops working at `urlExpiresAt` (1 second at least: S3's minimum). */
export function presignSecondsUntil(urlExpiresAt: Date, now: Date = new Date()): number {
  const seconds = Math.ceil((urlExpiresAt.getTime() - now.getTime()) / 1000);
  return Math.min(MAX_UPLOAD_TTL_SECONDS, Math.max(1, seconds));
}
