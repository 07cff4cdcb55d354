const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** User ids are UUIDs; checking first turns a malformed one into a clear error instead of a pg cast failure. */
export function isUserId(value: string): boolean {
  return UUID.test(value);
}
