/** In-place selection of the k-th smallest value (quickselect), for medians without a full sort. */

/**
 * Rearranges `a[0..length)` so that a[k] is its k-th smallest value (0-based) and returns it:
 * Hoare's (1961) FIND with a median-of-three pivot, expected O(length).
 */
export function selectKth(a: Float64Array, k: number, length = a.length): number {
  let lo = 0;
  let hi = length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

/** Median of `a[0..length)` (mean of the two middle values for an even length); reorders `a`. */
export function medianInPlace(a: Float64Array, length = a.length): number {
  const half = length >>> 1;
  const upper = selectKth(a, half, length);
  if (length % 2 === 1) return upper;
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < half; i++) if ((a[i] as number) > lower) lower = a[i] as number;
  return (lower + upper) / 2;
}
