/** Robust statistics shared by the short-series path and its daily profile. */

/** MAD to standard deviation for normal data (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SD = 1.4826;

/** The median of the values (0 for none); the input is not reordered. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
