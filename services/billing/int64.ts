const INTEGER = /^-?\d+$/;

/**
 * pg hands int8 columns over as decimal strings (a JS number would round
 * above 2^53); protobuf int64 fields are bigint. BigInt() alone would accept
 * '' or ' 1 ' or '0x10', so anything but a plain integer is refused.
 */
export function int64FromPg(value: string | number): bigint {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not an exact integer`);
    return BigInt(value);
  }
  if (!INTEGER.test(value)) throw new RangeError(`"${value}" is not an integer`);
  return BigInt(value);
}
