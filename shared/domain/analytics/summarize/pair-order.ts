/**
 * O(n log n) counting and listing of out-of-order pairs by merge sort, which lets the Mann–Kendall
 * statistic and Sen's slope work on a million values without visiting all n(n−1)/2 pairs.
 */

/** Runs this short are sorted by insertion, which counts their inversions as it shifts. */
const RUN = 16;

/**
 * Number of pairs i < j with z[j] < z[i] (`strict`) or z[j] ≤ z[i] (not strict): insertion sort of
 * short runs, then a bottom-up merge sort that adds, whenever it takes an element from the right
 * run, the number of elements still waiting in the left run (Knuth, TAOCP vol. 3, §5.1.1,
 * inversions). `z` is left untouched.
 */
export function countDescents(z: Float64Array, strict: boolean): number {
  const n = z.length;
  let src = Float64Array.from(z);
  let dst = new Float64Array(n);
  let count = 0;
  for (let start = 0; start < n; start += RUN) {
    const end = Math.min(start + RUN, n);
    for (let i = start + 1; i < end; i++) {
      const v = src[i] as number;
      let j = i - 1;
      if (strict) {
        while (j >= start && (src[j] as number) > v) {
          src[j + 1] = src[j] as number;
          j--;
        }
      } else {
        while (j >= start && (src[j] as number) >= v) {
          src[j + 1] = src[j] as number;
          j--;
        }
      }
      src[j + 1] = v;
      count += i - 1 - j;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const mid = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let i = start;
      let j = mid;
      let k = start;
      if (strict) {
        while (i < mid && j < end) {
          const left = src[i] as number;
          const right = src[j] as number;
          if (left <= right) {
            dst[k++] = left;
            i++;
          } else {
            dst[k++] = right;
            j++;
            count += mid - i;
          }
        }
      } else {
        while (i < mid && j < end) {
          const left = src[i] as number;
          const right = src[j] as number;
          if (left < right) {
            dst[k++] = left;
            i++;
          } else {
            dst[k++] = right;
            j++;
            count += mid - i;
          }
        }
      }
      while (i < mid) dst[k++] = src[i++] as number;
      while (j < end) dst[k++] = src[j++] as number;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  return count;
}

/**
 * Indices 0..n−1 ordered by `primary` ascending, ties by `secondary` ascending: a stable merge sort
 * that moves the keys along with the indices, so it reads memory in order (a typed-array sort with
 * a comparator is several times slower at a million values).
 */
export function orderBy(primary: Float64Array, secondary: Float64Array): Int32Array {
  const n = primary.length;
  let idx = Int32Array.from({ length: n }, (_, i) => i);
  let key = Float64Array.from(primary);
  let idxOut = new Int32Array(n);
  let keyOut = new Float64Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const mid = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let i = start;
      let j = mid;
      let k = start;
      while (i < mid && j < end) {
        const ki = key[i] as number;
        const kj = key[j] as number;
        const takeLeft =
          ki < kj ||
          (ki === kj && (secondary[idx[i] as number] as number) <= (secondary[idx[j] as number] as number));
        if (takeLeft) {
          keyOut[k] = ki;
          idxOut[k++] = idx[i++] as number;
        } else {
          keyOut[k] = kj;
          idxOut[k++] = idx[j++] as number;
        }
      }
      while (i < mid) {
        keyOut[k] = key[i] as number;
        idxOut[k++] = idx[i++] as number;
      }
      while (j < end) {
        keyOut[k] = key[j] as number;
        idxOut[k++] = idx[j++] as number;
      }
    }
    [idx, idxOut] = [idxOut, idx];
    [key, keyOut] = [keyOut, key];
  }
  return idx;
}

/**
 * Calls `visit(a, b)` for every pair of positions p < q of `order` with key[order[p]] > key[order[q]]
 * (the inversions of `key` read in the given order), with a = order[p], b = order[q], in
 * O(n log n + number of pairs); stops early and returns false once `visit` returns false.
 */
export function visitInversions(
  order: Int32Array,
  key: Float64Array,
  visit: (a: number, b: number) => boolean,
): boolean {
  const n = order.length;
  let idx = Int32Array.from(order);
  let val = Float64Array.from(order, (i) => key[i] as number);
  let idxOut = new Int32Array(n);
  let valOut = new Float64Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const mid = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let i = start;
      let j = mid;
      let k = start;
      while (i < mid && j < end) {
        const vi = val[i] as number;
        const vj = val[j] as number;
        if (vi <= vj) {
          valOut[k] = vi;
          idxOut[k++] = idx[i++] as number;
        } else {
          const right = idx[j] as number;
          for (let p = i; p < mid; p++) {
            if (!visit(idx[p] as number, right)) return false;
          }
          valOut[k] = vj;
          idxOut[k++] = right;
          j++;
        }
      }
      while (i < mid) {
        valOut[k] = val[i] as number;
        idxOut[k++] = idx[i++] as number;
      }
      while (j < end) {
        valOut[k] = val[j] as number;
        idxOut[k++] = idx[j++] as number;
      }
    }
    [idx, idxOut] = [idxOut, idx];
    [val, valOut] = [valOut, val];
  }
  return true;
}
