/**
 * How the files service names an object to the storage service: the upload
 * attempt recorded on the version row goes into the key, so each upload's
 * URLs write a key of their own (NULL on rows stored before attempt keys).
 */
export function objectRef(userId: string, fileId: string, version: number, attempt: string | null) {
  return { userId, fileId, version, attempt: attempt ?? '' };
}
