/** Minimum and maximum of the last values of a series, in constant amortised time per value. */

/**
 * Sliding-window extremes with two monotonic deques (each value enters and leaves each deque at
 * most once). Why not rescan the window when its extreme leaves it: on a steadily rising or
 * falling series (a counter, a trend) the oldest value is the extreme at every step, so a rescan
 * would cost the whole window per point.
 */
export class SlidingExtremes {
  private readonly mask: number;
  /** Point numbers (by absolute position) of candidate minima, values ascending, oldest first. */
  private readonly lows: Float64Array;
  private readonly highs: Float64Array;
  private readonly values: Float64Array;
  private lowHead = 0;
  private lowTail = 0;
  private highHead = 0;
  private highTail = 0;

  /** `capacity` must exceed the longest window kept. */
  constructor(capacity: number) {
    let size = 1;
    while (size < capacity + 1) size *= 2;
    this.mask = size - 1;
    this.lows = new Float64Array(size);
    this.highs = new Float64Array(size);
    this.values = new Float64Array(size);
  }

  /** Adds the value at point number `t` (numbers ascending by one). */
  push(t: number, value: number): void {
    const { mask, values, lows, highs } = this;
    values[t & mask] = value;
    while (
      this.lowTail > this.lowHead &&
      (values[(lows[(this.lowTail - 1) & mask] as number) & mask] as number) >= value
    )
      this.lowTail--;
    lows[this.lowTail++ & mask] = t;
    while (
      this.highTail > this.highHead &&
      (values[(highs[(this.highTail - 1) & mask] as number) & mask] as number) <= value
    )
      this.highTail--;
    highs[this.highTail++ & mask] = t;
  }

  /** Forgets the values before point number `t`. */
  dropBefore(t: number): void {
    while (this.lowTail > this.lowHead && (this.lows[this.lowHead & this.mask] as number) < t) this.lowHead++;
    while (this.highTail > this.highHead && (this.highs[this.highHead & this.mask] as number) < t)
      this.highHead++;
  }

  /** The smallest value kept (+∞ when none). */
  get min(): number {
    return this.lowTail > this.lowHead
      ? (this.values[(this.lows[this.lowHead & this.mask] as number) & this.mask] as number)
      : Number.POSITIVE_INFINITY;
  }

  /** The largest value kept (−∞ when none). */
  get max(): number {
    return this.highTail > this.highHead
      ? (this.values[(this.highs[this.highHead & this.mask] as number) & this.mask] as number)
      : Number.NEGATIVE_INFINITY;
  }
}
