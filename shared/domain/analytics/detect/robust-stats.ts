/** Robust statistics shared by the short-series path and its daily profile. */

/** MAD to standard deviation for normal data (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SD = 1.4826;

/** Reused by {@link median}, which runs hundreds of times per point on a young series. */
let scratch = new Float64Array(64);

/**
 * The median of values[from … to) (0 for none); the input is not reordered. Sorted by a stable insertion
 * sort into a reused buffer: without NaN it orders exactly as `[...values].sort((a, b) => a - b)`
 * does (equal values, −0 and +0 among them, keep their order), so the median is the same to the
 * bit, without a comparator call per comparison or a copy per call (the short-series path takes
 * medians of a few to a few hundred values for every point it scores). A NaN, for which that
 * comparator is inconsistent, takes the comparator sort itself.
 */
export function median(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n <= 0) return 0;
  if (scratch.length < n) scratch = new Float64Array(2 * n);
  const sorted = scratch;
  for (let i = 0; i < n; i++) {
    const v = values[from + i] as number;
    if (Number.isNaN(v)) return comparatorMedian(Array.prototype.slice.call(values, from, to) as number[]);
    let j = i;
    while (j > 0 && (sorted[j - 1] as number) > v) {
      sorted[j] = sorted[j - 1] as number;
      j--;
    }
    sorted[j] = v;
  }
  const mid = n >> 1;
  return n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function comparatorMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
