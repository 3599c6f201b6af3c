/**
 * A smooth seasonal profile for the short-series path: the first few harmonics of the cycle,
 * fitted jointly with a straight line to the logs of the history by robust (Tukey biweight)
 * regression. Per-phase medians need several cycles before one odd day stops moving its hour's
 * factor, and say nothing at all before the first cycle is complete; a handful of harmonics is
 * fitted from every point at once, so it follows a day's shape from its first hours, and a spike
 * or the zeros of an outage weigh nothing in it instead of coming back as false alarms a cycle
 * later.
 */

import { MAD_TO_SD, median } from './robust-stats';

/** Biweight tuning constant (95 % efficiency at the normal). */
const BIWEIGHT_C = 4.685;
/**
 * Least-absolute-deviation rounds before the biweight ones: a least-squares start is dragged by
 * the zeros of an outage (log 0 against log 1,000), and the biweight then keeps them in the
 * cycle (chosen on the training split of `npm run eval:kpi`: 4 removed most such echoes).
 */
const LAD_ROUNDS = 4;
/**
 * A level shift is looked for between the medians of up to 12 points (half a day of hours) on
 * each side, at least 3 on each, and fitted as a step when over 3 of the fit's spreads (in
 * logs). Chosen on the training split of `npm run eval:kpi` (1h series): 3 against 2, 4 and 5
 * (2 and 3 within two anomalies of each other), 12 against 8 and 16.
 */
const SHIFT_SPAN = 12;
const SHIFT_LEAST = 3;
const SHIFT_SCALES = 3;
/** Reweighting rounds in all: the biweight settles within a few from the LAD start. */
const ROUNDS = LAD_ROUNDS + 6;

/** Solves the symmetric system a·x = b by Gaussian elimination with partial pivoting; null if singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const p = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++)
      if (Math.abs(m[r]?.[col] as number) > Math.abs(m[pivot]?.[col] as number)) pivot = r;
    const top = m[pivot] as number[];
    if (Math.abs(top[col] as number) < 1e-12) return null;
    [m[col], m[pivot]] = [top, m[col] as number[]];
    for (let r = col + 1; r < p; r++) {
      const row = m[r] as number[];
      const f = (row[col] as number) / (top[col] as number);
      for (let c = col; c <= p; c++) row[c] = (row[c] as number) - f * (top[c] as number);
    }
  }
  const x = new Array<number>(p).fill(0);
  for (let r = p - 1; r >= 0; r--) {
    const row = m[r] as number[];
    let s = row[p] as number;
    for (let c = r + 1; c < p; c++) s -= (row[c] as number) * (x[c] as number);
    x[r] = s / (row[r] as number);
  }
  return x;
}

/** Weighted least squares of y on the columns of x (rows are points). */
function weightedFit(
  x: readonly number[][],
  y: readonly number[],
  w: readonly number[],
): { beta: number[]; normal: number[][] } | null {
  const p = x[0]?.length ?? 0;
  const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  x.forEach((row, i) => {
    const wi = w[i] as number;
    if (wi === 0) return;
    for (let r = 0; r < p; r++) {
      b[r] = (b[r] as number) + wi * (row[r] as number) * (y[i] as number);
      const ar = a[r] as number[];
      for (let c = r; c < p; c++) ar[c] = (ar[c] as number) + wi * (row[r] as number) * (row[c] as number);
    }
  });
  for (let r = 0; r < p; r++)
    for (let c = 0; c < r; c++) (a[r] as number[])[c] = (a[c] as number[])[r] as number;
  const beta = solve(a, b);
  return beta ? { beta, normal: a } : null;
}

interface RobustFit {
  readonly beta: number[];
  readonly residuals: number[];
  readonly scale: number;
  /** Each point's leverage in the final weighted fit (the diagonal of its hat matrix). */
  readonly leverage: () => number[];
}

/** Biweight regression of y on the columns of x, from a least-absolute-deviations start. */
function robustFit(x: readonly number[][], y: readonly number[]): RobustFit | null {
  let w = new Array<number>(y.length).fill(1);
  let fit: RobustFit | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    const solved = weightedFit(x, y, w);
    if (!solved) break;
    const { beta, normal } = solved;
    const residuals = y.map(
      (v, i) => v - (x[i] as number[]).reduce((s, xi, c) => s + xi * (beta[c] as number), 0),
    );
    const scale = MAD_TO_SD * median(residuals.map(Math.abs));
    const weights = w;
    const leverage = () => {
      const p = beta.length;
      const columns = Array.from({ length: p }, (_, i) =>
        solve(
          normal,
          Array.from({ length: p }, (_, k) => (k === i ? 1 : 0)),
        ),
      );
      return x.map((row, j) => {
        let h = 0;
        for (let r = 0; r < p; r++)
          for (let c = 0; c < p; c++) h += (row[r] as number) * (columns[c]?.[r] ?? 0) * (row[c] as number);
        return (weights[j] as number) * h;
      });
    };
    fit = { beta, residuals, scale, leverage };
    if (!(scale > 0)) break;
    w = residuals.map((r) => {
      if (round < LAD_ROUNDS) return 1 / Math.max(Math.abs(r), 0.1 * scale);
      const u = r / (BIWEIGHT_C * scale);
      return Math.abs(u) < 1 ? (1 - u * u) ** 2 : 0;
    });
  }
  return fit;
}

export interface DailyProfile {
  /** Factor per phase. */
  readonly index: number[];
  /** The factor of history point j as if the fit had not seen it (its leave-one-out fit). */
  readonly heldOut: (j: number) => number;
}

/**
 * The most likely level shift in `values`: the index after which the median of up to `span`
 * points differs most from the median of as many before it, with `least` on each side.
 */
function likeliestShift(
  values: readonly number[],
  span: number,
  least: number,
): { at: number; size: number } {
  let best = { at: -1, size: 0 };
  for (let at = least; at <= values.length - least; at++) {
    const size = median(values.slice(at, at + span)) - median(values.slice(Math.max(0, at - span), at));
    if (Math.abs(size) > Math.abs(best.size)) best = { at, size };
  }
  return best;
}

/**
 * Factor per phase (`index % period`, geometric mean 1) of the `harmonics` first harmonics of the
 * cycle, fitted with a line (unless `withLine` is false: a level alone) to log(1 + value) of
 * `history`. Null for values below zero, or when the history is too short for the fit (fewer
 * than three points per coefficient).
 */
export function dailyProfile(
  history: readonly number[],
  period: number,
  harmonics: number,
  withLine = true,
): DailyProfile | null {
  const n = history.length;
  // Coefficients before the cycle's: the level, and the line's slope if any.
  const lead = withLine ? 2 : 1;
  const p = lead + 2 * harmonics;
  if (harmonics < 1 || n < 3 * p || history.some((v) => v < 0)) return null;
  const angle = (j: number, k: number) => (2 * Math.PI * k * (j % period)) / period;
  const cycle = (j: number) => {
    const r: number[] = [];
    for (let k = 1; k <= harmonics; k++) r.push(Math.cos(angle(j, k)), Math.sin(angle(j, k)));
    return r;
  };
  const logs = history.map((v) => Math.log1p(v));
  const line = history.map((_, j) => (withLine ? [1, (j - n) / period] : [1]));
  let fit = robustFit(
    line.map((r, j) => [...r, ...cycle(j)]),
    logs,
  );
  if (!fit) return null;
  // A level shift inside the window would be read as part of the cycle (on a day or two the
  // harmonics bend to it): the largest one in the series without its cycle, if it stands out,
  // is fitted as a step of its own.
  const first = fit.beta;
  const plain = logs.map(
    (v, j) => v - cycle(j).reduce((s, xi, i) => s + xi * (first[lead + i] as number), 0),
  );
  const shift = likeliestShift(plain, SHIFT_SPAN, SHIFT_LEAST);
  if (shift.at > 0 && Math.abs(shift.size) > SHIFT_SCALES * fit.scale) {
    const stepped = robustFit(
      line.map((r, j) => [...r, ...cycle(j), j >= shift.at ? 1 : 0]),
      logs,
    );
    if (stepped) fit = stepped;
  }
  const coefficients = fit.beta;
  const logFactor = (j: number) =>
    cycle(j).reduce((s, xi, i) => s + xi * (coefficients[lead + i] as number), 0);
  const index = Array.from({ length: period }, (_, phase) => Math.exp(logFactor(phase)));
  const { residuals } = fit;
  let leverage: number[] | undefined;
  return {
    index,
    heldOut: (j) => {
      leverage ??= fit.leverage();
      const h = Math.min(leverage[j] ?? 0, 0.95);
      // Without point j the fit moves by h/(1-h) of its residual away from it (all of it put on
      // the cycle: the line is fitted from every point, the cycle's phase from a few).
      return Math.exp(logFactor(j) - ((residuals[j] as number) * h) / (1 - h));
    },
  };
}
