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
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  {
    step = 0.5,
    maxIterations = 200,
    tolerance = 1e-8,
  }: { step?: number; maxIterations?: number; tolerance?: number } = {},
): MinimiseResult {
  const dim = start.length;
  let simplex: { x: number[]; v: number }[] = [{ x: [...start], v: f(start) }];
  for (let i = 0; i < dim; i++) {
    const x = [...start];
    x[i] = (x[i] ?? 0) + step;
    simplex.push({ x, v: f(x) });
  }
  const at = (a: readonly number[], b: readonly number[], t: number) =>
    a.map((ai, i) => ai + t * ((b[i] ?? 0) - ai));
  for (let iter = 0; iter < maxIterations; iter++) {
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0] as { x: number[]; v: number };
    const worst = simplex[dim] as { x: number[]; v: number };
    const second = simplex[dim - 1] ?? best;
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + tolerance)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) {
      const p = simplex[i] as { x: number[] };
      for (let j = 0; j < dim; j++) centroid[j] = (centroid[j] ?? 0) + (p.x[j] ?? 0) / dim;
    }
    const reflected = at(centroid, worst.x, -1);
    const vr = f(reflected);
    if (vr < best.v) {
      const expanded = at(centroid, worst.x, -2);
      const ve = f(expanded);
      simplex[dim] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
      continue;
    }
    if (vr < second.v) {
      simplex[dim] = { x: reflected, v: vr };
      continue;
    }
    const outside = vr < worst.v;
    const contracted = at(centroid, outside ? reflected : worst.x, 0.5);
    const vc = f(contracted);
    if (vc < (outside ? vr : worst.v)) {
      simplex[dim] = { x: contracted, v: vc };
      continue;
    }
    simplex = simplex.map((p, i) => {
      if (i === 0) return p;
      const x = at(best.x, p.x, 0.5);
      return { x, v: f(x) };
    });
  }
  simplex.sort((p, q) => p.v - q.v);
  const winner = simplex[0] as { x: number[]; v: number };
  return { x: winner.x, value: winner.v };
}
