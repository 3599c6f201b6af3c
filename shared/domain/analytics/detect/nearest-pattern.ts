/** Finds the past sub-sequence closest to the latest one (the kNN step of the detector, with k = 1), incrementally. */

/** Squared differences summed per block; a window's distance is the sum of its blocks. */
const BLOCK = 4;
/** Most blocks per window (windows of up to 12 values). */
const MAX_BLOCKS = 3;

/**
 * Nearest-neighbour nonconformity of a sub-sequence (Burnaev & Ishimtsev 2016, "Conformalized
 * density- and distance-based anomaly detection in time-series data", k = 1) over a sliding
 * history: the window of the latest `dim` values is compared with every earlier window that does
 * not overlap it and ends within the last `history` values (lags dim … history − dim + 1).
 *
 * Why incremental: comparing every window afresh costs history × dim operations per point. Here
 * each new value adds one squared difference per lag, kept in sums of {@link BLOCK} consecutive
 * differences, and a window's squared distance is the sum of its dim / BLOCK blocks, so a step
 * costs a few operations per lag. Every sum is a pure function of the values it covers (always
 * added in the same order), so an index rebuilt from the kept history continues bit for bit
 * where the original left off.
 */
export class PatternIndex {
  private readonly mask: number;
  private readonly lags: number;
  private readonly values: Float64Array;
  /** Squared difference per lag of the last BLOCK steps (row = step mod BLOCK). */
  private readonly squares: Float64Array;
  /** Block sums per lag of the last `dim` steps (row = step mod dim), then a row of zeros. */
  private readonly blocks: Float64Array;
  private count = 0;
  /** Squared distance summed over the window to the nearest earlier window after the last push; −1 when none. */
  bestSum = -1;
  /** Lag of that window's last value behind the latest value. */
  bestLag = 0;

  constructor(
    private readonly dim: number,
    private readonly history: number,
  ) {
    if (dim % BLOCK !== 0 || dim > MAX_BLOCKS * BLOCK || history < 2 * dim)
      throw new RangeError('unsupported pattern index shape');
    let size = 1;
    while (size < history + BLOCK + 1) size *= 2;
    this.mask = size - 1;
    this.lags = history - 2 * dim + 2;
    this.values = new Float64Array(size);
    this.squares = new Float64Array(BLOCK * this.lags);
    this.blocks = new Float64Array((dim + 1) * this.lags);
  }

  /** Appends `value` and finds the nearest earlier window to the window it ends. */
  push(value: number): void {
    const { dim, lags, mask, values, squares, blocks } = this;
    const t = this.count;
    values[t & mask] = value;
    this.count++;
    // Lags with every needed earlier value: at least dim, at most the values seen and the history.
    const computable = Math.min(t, this.history - dim + 1) - dim + 1;
    const candidates = Math.min(t, this.history) - 2 * dim + 2;
    const row = (t % BLOCK) * lags;
    const row1 = ((t + BLOCK - 1) % BLOCK) * lags;
    const row2 = ((t + BLOCK - 2) % BLOCK) * lags;
    const row3 = ((t + BLOCK - 3) % BLOCK) * lags;
    const blockRow = (t % dim) * lags;
    // The window's earlier blocks; a window of fewer than MAX_BLOCKS blocks reads the zero row.
    const zero = dim * lags;
    const earlier1 = dim > BLOCK ? ((t + dim - BLOCK) % dim) * lags : zero;
    const earlier2 = dim > 2 * BLOCK ? ((t + dim - 2 * BLOCK) % dim) * lags : zero;
    let best = Number.POSITIVE_INFINITY;
    let bestIndex = -1;
    let i = 0;
    for (; i < computable; i++) {
      const d = value - (values[(t - dim - i) & mask] as number);
      const sq = d * d;
      squares[row + i] = sq;
      const block =
        sq + (squares[row1 + i] as number) + (squares[row2 + i] as number) + (squares[row3 + i] as number);
      blocks[blockRow + i] = block;
      if (i >= candidates) continue;
      const sum = block + (blocks[earlier1 + i] as number) + (blocks[earlier2 + i] as number);
      // `<=` keeps the earliest window among equally near ones.
      if (sum <= best) {
        best = sum;
        bestIndex = i;
      }
    }
    this.bestSum = bestIndex < 0 ? -1 : best;
    this.bestLag = bestIndex < 0 ? 0 : bestIndex + dim;
  }
}
