// Readable workflow ids, so an operator finds any file's process in the
// Temporal UI by typing what they know.
export const uploadWorkflowId = (fileId: string): string => `upload:${fileId}`;

export const trashWorkflowId = (userId: string, windowEnd: Date): string =>
  `trash:${userId}:${windowEnd.toISOString()}`;

/** The end of the batch window a purge time falls in: files due in one window share one timer. */
export function trashWindowEnd(purgeAt: Date, windowSeconds: number): Date {
  const windowMs = windowSeconds * 1000;
  return new Date(Math.ceil(purgeAt.getTime() / windowMs) * windowMs);
}
