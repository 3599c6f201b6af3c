import { describe, expect, it } from 'vitest';
import { roundSignificant } from '../../../../../shared/domain/analytics/detect/round-significant';

/** The rounding by its definition: the decade from Math.log10 every time. */
function byLogarithm(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const k = digits - 1 - Math.floor(Math.log10(Math.abs(x)));
  if (k >= 0 && k <= 22) return Math.round(x * 10 ** k) / 10 ** k;
  if (k < 0 && -k <= 22) return Math.round(x / 10 ** -k) * 10 ** -k;
  return Number(x.toPrecision(digits));
}

/** The double `steps` units in the last place away from x (x > 0). */
function ulpsAway(x: number, steps: number): number {
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] = (bits[0] as bigint) + BigInt(steps);
  return new Float64Array(bits.buffer)[0] as number;
}

describe('roundSignificant', () => {
  it('rounds to the given significant digits', () => {
    expect(roundSignificant(123.456789, 6)).toBe(123.457);
    expect(roundSignificant(-0.000123456, 3)).toBe(-0.000123);
    expect(roundSignificant(98765, 3)).toBe(98800);
  });

  it('finds the same decade as Math.log10 next to powers of ten, in any order of calls', () => {
    let seed = 3;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const xs: number[] = [];
    for (let e = -30; e <= 30; e++) {
      for (let steps = -40; steps <= 40; steps++) xs.push(ulpsAway(10 ** e, steps));
      xs.push(10 ** e * (1 + 1e-12), 10 ** e * (1 - 1e-12), 10 ** e * (1 + 2e-12), 10 ** e * (1 - 2e-12));
      xs.push(10 ** e * (1 + 9 * rand()), -(10 ** e) * (1 + 9 * rand()));
    }
    // A slow sweep up and down through decades, each value just after its neighbour.
    const sweep: number[] = [];
    for (let m = 1e-3; m < 1e3; m *= 1.0003) sweep.push(m);
    xs.push(...sweep, ...sweep.reverse());
    // Each value after one of its own decade, and after one of another decade.
    const mixed = xs.flatMap((x, i) => [x, xs[(i * 7919) % xs.length] as number, x]);
    const differing = mixed.flatMap((x) =>
      [3, 6].filter((d) => !Object.is(roundSignificant(x, d), byLogarithm(x, d))).map((d) => [x, d]),
    );
    expect(differing).toEqual([]);
  });
});
