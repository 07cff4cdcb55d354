// The sizes a multipart upload's parts must have: every part `partSize`
// bytes but the last, which holds the rest of the declared size.

export interface PartLayout {
  size: number;
  partSize: number;
}

export function partCount({ size, partSize }: PartLayout): number {
  return Math.ceil(size / partSize);
}

/** The exact size of part `partNumber` (1-based) of the layout. */
export function expectedPartSize(layout: PartLayout, partNumber: number): number {
  return Math.min(layout.partSize, layout.size - (partNumber - 1) * layout.partSize);
}

/** Why the stored parts do not make the declared object, or undefined when they do. */
export function partLayoutProblem(
  layout: PartLayout,
  stored: Array<{ partNumber: number; size: number }>,
): string | undefined {
  const count = partCount(layout);
  const numbers = stored.map((part) => part.partNumber).sort((a, b) => a - b);
  if (numbers.length !== count || numbers.some((number, index) => number !== index + 1))
    return `expected parts 1 to ${count}, stored ${numbers.length > 0 ? numbers.join(', ') : 'none'}`;
  for (const part of stored) {
    const expected = expectedPartSize(layout, part.partNumber);
    if (part.size !== expected)
      return `part ${part.partNumber} holds ${part.size} bytes, the upload declared ${expected}`;
  }
  return undefined;
}
