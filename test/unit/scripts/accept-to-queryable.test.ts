import { describe, expect, it } from 'vitest';
import { acceptToQueryable } from '../../../scripts/accept-to-queryable';
import { percentile } from '../../../scripts/bench-support';

describe('accept-to-queryable latencies', () => {
  it('counts a batch never seen queryable at the end of the watch instead of dropping it', () => {
    const accepted = new Map([
      ['s0', 1_000],
      ['s1', 2_000],
      ['s2', 3_000],
    ]);
    const queryable = new Map([
      ['s0', 1_500],
      ['s1', 2_100],
    ]);

    const sample = acceptToQueryable(accepted, queryable, 20_000);

    expect(sample.censored).toBe(1);
    expect(sample.sorted).toEqual([100, 500, 17_000]);
    // Dropping s2 would have reported a p95 of 500 ms.
    expect(percentile(sample.sorted, 95)).toBe(17_000);
  });

  it('takes the nearest-rank percentile and has none for an empty sample', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 100)]).toEqual([51, 96, 100]);
    expect(percentile([], 50)).toBeNaN();
  });
});
