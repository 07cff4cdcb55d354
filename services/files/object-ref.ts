/** How the files service names an object to the storage service. */
export function objectRef(userId: string, fileId: string, version: number) {
  return { userId, fileId, version };
}
