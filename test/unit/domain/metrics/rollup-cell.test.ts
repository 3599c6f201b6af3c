import { describe, expect, it } from 'vitest';
import { HyperLogLog } from '../../../../shared/domain/metrics/hyperloglog';
import {
  addToCell,
  cellValue,
  emptyCell,
  fromStoredCell,
  mergeCells,
  sketchRelativeAccuracy,
  toStoredCell,
} from '../../../../shared/domain/metrics/rollup-cell';

/** A deterministic pseudo-random stream (mulberry32), so the figures are the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('HyperLogLog', () => {
  it('is exact for a handful of values and within 5 % (3 standard errors) for more', () => {
    for (const n of [1, 7, 10, 60, 1000, 50_000]) {
      const hll = HyperLogLog.empty();
      for (let i = 0; i < n; i++) hll.add(`user-${i}`);
      for (let i = 0; i < n; i++) hll.add(`user-${i}`); // repeats change nothing
      if (n <= 10) expect(hll.count()).toBe(n);
      else expect(Math.abs(hll.count() - n) / n).toBeLessThan(0.05);
    }
  });

  it('merges to the count of the union and survives its byte form', () => {
    const a = HyperLogLog.empty();
    const b = HyperLogLog.empty();
    for (let i = 0; i < 3000; i++) a.add(`u${i}`);
    for (let i = 2000; i < 6000; i++) b.add(`u${i}`);

    const merged = HyperLogLog.fromBytes(a.toBytes());
    merged.merge(HyperLogLog.fromBytes(b.toBytes()));

    expect(Math.abs(merged.count() - 6000) / 6000).toBeLessThan(0.05);
    expect(HyperLogLog.empty().toBytes().length).toBeLessThan(64);
  });
});

describe('rollup cells', () => {
  it('keeps count, sum, min and max exact through minute-to-hour merges and storage', () => {
    const next = random(7);
    const values = Array.from({ length: 600 }, () => Math.round(next() * 10_000) / 100);
    const hour = emptyCell('avg');
    for (let minute = 0; minute < 60; minute++) {
      const cell = emptyCell('avg');
      for (const v of values.slice(minute * 10, minute * 10 + 10)) addToCell(cell, 'avg', v);
      mergeCells(hour, fromStoredCell(toStoredCell(cell)));
    }

    expect(hour.count).toBe(600);
    expect(hour.sum).toBeCloseTo(
      values.reduce((s, v) => s + v, 0),
      6,
    );
    expect(hour.min).toBe(Math.min(...values));
    expect(hour.max).toBe(Math.max(...values));
    expect(cellValue(hour, 'avg')).toBeCloseTo(hour.sum / 600, 9);
  });

  it('merges minute percentiles into an hour within the sketch accuracy', () => {
    const next = random(11);
    const values: number[] = [];
    const hour = emptyCell('p95');
    for (let minute = 0; minute < 60; minute++) {
      const cell = emptyCell('p95');
      for (let i = 0; i < 50; i++) {
        const v = 10 + next() ** 3 * 990; // skewed, like latencies
        values.push(v);
        addToCell(cell, 'p95', v);
      }
      mergeCells(hour, fromStoredCell(toStoredCell(cell)));
    }
    const sorted = [...values].sort((a, b) => a - b);
    for (const [aggregation, q] of [
      ['p50', 0.5],
      ['p90', 0.9],
      ['p99', 0.99],
    ] as const) {
      const exact = sorted[Math.floor(q * (sorted.length - 1))] ?? 0;
      const estimate = cellValue(hour, aggregation) ?? 0;
      // The sketch's rank is within one of the exact one; its value within the relative accuracy.
      const lo = (sorted[Math.floor(q * (sorted.length - 1)) - 1] ?? exact) * (1 - sketchRelativeAccuracy);
      const hi = (sorted[Math.floor(q * (sorted.length - 1)) + 1] ?? exact) * (1 + sketchRelativeAccuracy);
      expect(estimate).toBeGreaterThanOrEqual(lo);
      expect(estimate).toBeLessThanOrEqual(hi);
    }
  });

  it('counts events for count and non-null values otherwise, and shows empty cells as 0 or null', () => {
    const count = emptyCell('count');
    addToCell(count, 'count', undefined);
    addToCell(count, 'count', null);
    const max = emptyCell('max');
    addToCell(max, 'max', null);
    addToCell(max, 'max', 'not a number');
    addToCell(max, 'max', 4);

    expect(cellValue(count, 'count')).toBe(2);
    expect(cellValue(max, 'max')).toBe(4);
    expect(max.count).toBe(1);
    expect(cellValue(undefined, 'count')).toBe(0);
    expect(cellValue(undefined, 'distinct')).toBe(0);
    expect(cellValue(undefined, 'avg')).toBeNull();
    expect(cellValue(emptyCell('p99'), 'p99')).toBeNull();
  });
});
