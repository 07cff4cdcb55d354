// A keyset cursor over rows ordered by (a time, an id): the last row's key,
// opaque to clients. Each caller refuses a bad cursor with its own code.

export function encodeTimeIdCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/** The cursor's time and id, or undefined when it is not one of ours or the id does not match `idPattern`. */
export function decodeTimeIdCursor(cursor: string, idPattern: RegExp): { at: Date; id: string } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(at));
    if (typeof id === 'string' && idPattern.test(id) && !Number.isNaN(date.getTime()))
      return { at: date, id };
  } catch {
    // not JSON: refused by the caller
  }
  return undefined;
}
