/** Draws from common distributions on a seeded uniform generator, shared by the synthetic evaluation data sets. */

export type Random = () => number;

/** Standard normal (Box–Muller). */
export function gaussian(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Poisson by inversion for small means, normal approximation above 50. */
export function poisson(mean: number, random: Random): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** Gamma with the given shape and unit scale (Marsaglia & Tsang 2000; shape < 1 by the usual boost). */
export function gamma(shape: number, random: Random): number {
  if (shape < 1) return gamma(shape + 1, random) * Math.max(random(), 1e-12) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = Math.max(random(), 1e-12);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Pareto with minimum `min` and tail index `alpha` (P(X > x) = (min/x)^alpha). */
export const pareto = (random: Random, min: number, alpha: number) =>
  min * Math.max(random(), 1e-12) ** (-1 / alpha);

export const between = (random: Random, lo: number, hi: number) => lo + (hi - lo) * random();

export const logBetween = (random: Random, lo: number, hi: number) =>
  Math.exp(between(random, Math.log(lo), Math.log(hi)));

/** An integer in [lo, hi], both inclusive. */
export const intBetween = (random: Random, lo: number, hi: number) =>
  lo + Math.floor(random() * (hi - lo + 1));
