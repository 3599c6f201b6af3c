/** A small derivative-free minimiser for fitting smoothing parameters. */

/** The best point found and the objective's value there. */
export interface MinimiseResult {
  readonly x: number[];
  readonly value: number;
}

/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965, "A simplex method for function
 * minimization"; standard coefficients: reflection 1, expansion 2, contraction 0.5, shrink 0.5).
 * Why: the exponential-smoothing likelihoods are cheap, smooth and low-dimensional, and this is
 * what R's `optim()` (and hence the forecast package) uses for them by default.
 * The vertices live in preallocated typed arrays and the objective receives a scratch array it
 * must not keep: the smoothing fits call this thousands of times per series, and allocating
 * per step cost a fifth of the forecaster's time in garbage collection.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): MinimiseResult {
  const search = nelderMeadSteps(start, options);
  let step = search.next();
  while (step.done !== true) step = search.next(f(step.value));
  return step.value;
}

/** Settings of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Initial simplex edge. @default 0.5 */
  readonly step?: number;
  /** @default 200 */
  readonly maxIterations?: number;
  /** Relative spread of the vertices' values at which the search stops. @default 1e-8 */
  readonly tolerance?: number;
  /** f(start) when the caller already has it (the objective is deterministic), so it is not evaluated again. */
  readonly startValue?: number | undefined;
}

/**
 * {@link nelderMead} as a sequence of steps: yields each point to evaluate (a scratch array, valid
 * until the next step) and takes its value back, returning the result. Why: a caller can then run
 * two searches in lockstep and evaluate their points together (the trend fits' paired SIMD
 * kernel); each search takes exactly the steps it takes alone.
 */
export function* nelderMeadSteps(
  start: readonly number[],
  { step = 0.5, maxIterations = 200, tolerance = 1e-8, startValue }: NelderMeadOptions = {},
): Generator<Float64Array, MinimiseResult, number> {
  const dim = start.length;
  const vertices = Array.from({ length: dim + 1 }, (_, i) => {
    const x = Float64Array.from(start);
    if (i > 0) x[i - 1] = (x[i - 1] ?? 0) + step;
    return x;
  });
  const values = new Float64Array(dim + 1);
  for (let i = 0; i <= dim; i++)
    values[i] = i === 0 && startValue !== undefined ? startValue : yield vertices[i] as Float64Array;
  // Vertex indices, best first; sorted stably by value each iteration.
  const order = Array.from({ length: dim + 1 }, (_, i) => i);
  const centroid = new Float64Array(dim);
  const reflected = new Float64Array(dim);
  const trial = new Float64Array(dim);
  const at = (out: Float64Array, a: Float64Array, b: Float64Array, t: number) => {
    for (let j = 0; j < dim; j++) out[j] = (a[j] ?? 0) + t * ((b[j] ?? 0) - (a[j] ?? 0));
  };
  const sort = () => {
    for (let i = 1; i <= dim; i++) {
      const k = order[i] ?? 0;
      const v = values[k] ?? 0;
      let j = i - 1;
      while (j >= 0 && (values[order[j] ?? 0] ?? 0) > v) {
        order[j + 1] = order[j] ?? 0;
        j--;
      }
      order[j + 1] = k;
    }
  };
  for (let iter = 0; iter < maxIterations; iter++) {
    sort();
    const best = order[0] ?? 0;
    const worst = order[dim] ?? 0;
    const bestV = values[best] ?? 0;
    const worstV = values[worst] ?? 0;
    const secondV = values[order[dim - 1] ?? 0] ?? 0;
    if (Math.abs(worstV - bestV) <= tolerance * (Math.abs(bestV) + tolerance)) break;
    centroid.fill(0);
    for (let i = 0; i < dim; i++) {
      const p = vertices[order[i] ?? 0] as Float64Array;
      for (let j = 0; j < dim; j++) centroid[j] = (centroid[j] ?? 0) + (p[j] ?? 0) / dim;
    }
    const worstX = vertices[worst] as Float64Array;
    at(reflected, centroid, worstX, -1);
    const vr = yield reflected;
    if (vr < bestV) {
      at(trial, centroid, worstX, -2);
      const ve = yield trial;
      if (ve < vr) {
        worstX.set(trial);
        values[worst] = ve;
      } else {
        worstX.set(reflected);
        values[worst] = vr;
      }
      continue;
    }
    if (vr < secondV) {
      worstX.set(reflected);
      values[worst] = vr;
      continue;
    }
    const outside = vr < worstV;
    at(trial, centroid, outside ? reflected : worstX, 0.5);
    const vc = yield trial;
    if (vc < (outside ? vr : worstV)) {
      worstX.set(trial);
      values[worst] = vc;
      continue;
    }
    const bestX = vertices[best] as Float64Array;
    for (let i = 1; i <= dim; i++) {
      const p = vertices[order[i] ?? 0] as Float64Array;
      at(p, bestX, p, 0.5);
      values[order[i] ?? 0] = yield p;
    }
  }
  sort();
  const winner = order[0] ?? 0;
  return { x: Array.from(vertices[winner] as Float64Array), value: values[winner] ?? 0 };
}
