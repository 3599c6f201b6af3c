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
  const k = digits - 1 - Math.floor(Math.log10(Math.abs(x)));
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
