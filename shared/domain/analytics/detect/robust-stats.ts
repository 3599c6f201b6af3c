/** Robust statistics shared by the short-series path and its daily profile. */

/** MAD to standard deviation for normal data (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SD = 1.4826;

/** Reused by {@link median}, which runs hundreds of times per point on a young series. */
let scratch = new Float64Array(64);

/** Longest input sorted by insertion; longer ones by the typed array's native sort. */
const INSERTION_MAX = 32;

/**
 * The median of values[from … to) (0 for none); the input is not reordered. Same to the bit as
 * sorting a copy with `(a, b) => a - b` and taking the middle, faster (the short-series path takes
 * medians of a few to a few hundred values for every point it scores): a few values by a stable
 * insertion sort into a reused buffer, which orders exactly as that comparator's stable sort does
 * (equal values, −0 and +0 among them, keep their order); more by the typed array's native sort
 * when no −0 is present (then equal values are identical, and their order cannot show). A NaN, for
 * which that comparator is inconsistent, or a −0 among many values takes the comparator sort itself.
 */
export function median(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n <= 0) return 0;
  if (scratch.length < n) scratch = new Float64Array(2 * n);
  const sorted = scratch;
  if (n > INSERTION_MAX) {
    for (let i = 0; i < n; i++) {
      const v = values[from + i] as number;
      if (Number.isNaN(v) || Object.is(v, -0))
        return comparatorMedian(Array.prototype.slice.call(values, from, to));
      sorted[i] = v;
    }
    sorted.subarray(0, n).sort();
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[from + i] as number;
      if (Number.isNaN(v)) return comparatorMedian(Array.prototype.slice.call(values, from, to));
      let j = i;
      while (j > 0 && (sorted[j - 1] as number) > v) {
        sorted[j] = sorted[j - 1] as number;
        j--;
      }
      sorted[j] = v;
    }
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
