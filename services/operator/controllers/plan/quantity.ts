// Kubernetes quantities as byte counts for billing's int8 columns. Parsed
// with bigint: 8Ei does not fit in a double exactly, and a quota must not
// drift by rounding.
const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL: Record<string, bigint> = {
  k: 10n ** 3n,
  M: 10n ** 6n,
  G: 10n ** 9n,
  T: 10n ** 12n,
  P: 10n ** 15n,
  E: 10n ** 18n,
};
const INT8_MAX = (1n << 63n) - 1n;
const QUANTITY = /^(\d+)(?:\.(\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

export class QuantityError extends Error {}

/** Bytes in a quantity such as `200Gi`, `1.5Ti`, `5G` or `1048576`; whole bytes only, at most int8. */
export function parseByteQuantity(quantity: string | number): bigint {
  const text = typeof quantity === 'number' ? numberText(quantity) : quantity.trim();
  const match = QUANTITY.exec(text);
  if (!match) throw new QuantityError(`"${text}" is not a byte quantity (e.g. 200Gi, 1.5Ti, 5G, 1048576)`);
  const [, whole, fraction = '', suffix] = match;
  const multiplier = suffix ? (BINARY[suffix] ?? DECIMAL[suffix]!) : 1n;
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole! + fraction) * multiplier;
  if (scaled % scale !== 0n) throw new QuantityError(`"${text}" is not a whole number of bytes`);
  const bytes = scaled / scale;
  if (bytes > INT8_MAX) throw new QuantityError(`"${text}" is more bytes than billing can store (8Ei - 1)`);
  return bytes;
}

function numberText(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new QuantityError(`${value} is not a whole, non-negative number of bytes`);
  return String(value);
}
