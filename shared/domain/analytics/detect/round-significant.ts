/** Rounds numbers to a few significant digits quickly, for the detector's compact state. */

const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `x` rounded to `digits` significant digits, as the double nearest that decimal (so it prints
 * short in JSON). Why not `Number(x.toPrecision(digits))`: the detector rounds every point it
 * keeps, and the string round trip costs more than the rest of a step. Halves may round the other
 * way than `toPrecision`; the detector only needs the same input to give the same output.
 */
export function roundSignificant(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const k = digits - 1 - decade(Math.abs(x), digits);
  if (k >= 0 && k < POWERS.length) {
    const f = POWERS[k] as number;
    return Math.round(x * f) / f;
  }
  if (k < 0 && -k < POWERS.length) {
    const f = POWERS[-k] as number;
    return Math.round(x / f) * f;
  }
  return Number(x.toPrecision(digits));
}

/**
 * Per `digits` (one cache each, as the detector rounds values and distances, of different
 * sizes, in turn): the last decade found and the magnitudes inside it by a margin.
 */
const CACHES = 18;
const cachedLow = new Float64Array(CACHES).fill(Number.POSITIVE_INFINITY);
const cachedHigh = new Float64Array(CACHES).fill(Number.NEGATIVE_INFINITY);
const cachedDecade = new Int32Array(CACHES);
/**
 * Relative margin inside a decade's bounds. Within it the true log10 is at least 4e-13 from an
 * integer, far more than Math.log10's error (an ulp or two, under 6e-14 at any magnitude), so
 * `Math.floor(Math.log10(a))` is that decade for certain; nearer a power of ten it is asked.
 */
const MARGIN = 1e-12;

/**
 * `Math.floor(Math.log10(a))` for a > 0, the same integer, without the logarithm when `a` is well
 * inside the decade of the previous call with the same `digits` (a series' values mostly are).
 */
function decade(a: number, digits: number): number {
  const slot = digits >= 0 && digits < CACHES ? digits | 0 : -1;
  if (slot >= 0 && a >= (cachedLow[slot] as number) && a <= (cachedHigh[slot] as number))
    return cachedDecade[slot] as number;
  const e = Math.floor(Math.log10(a));
  if (slot >= 0 && e >= -300 && e <= 300) {
    cachedLow[slot] = 10 ** e * (1 + MARGIN);
    cachedHigh[slot] = 10 ** (e + 1) * (1 - MARGIN);
    cachedDecade[slot] = e;
  }
  return e;
}
