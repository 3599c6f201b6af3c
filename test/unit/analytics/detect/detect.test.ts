import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../../../shared/domain/analytics/contracts';
import { detect } from '../../../../shared/domain/analytics/detect/index';
import { ValidationError } from '../../../../shared/domain/errors';

/** A deterministic pseudo-random generator so tests are repeatable. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function noisySine(n: number, seed = 1): SeriesPoint[] {
  const rand = lcg(seed);
  return Array.from({ length: n }, (_, i) => ({
    timestamp: 1_700_000_000_000 + i * 300_000,
    value: 10 + 3 * Math.sin((2 * Math.PI * i) / 288) + (rand() - 0.5),
  }));
}

describe('detect', () => {
  it('gives each earlier point the same score when future points are appended (causality)', () => {
    const series = noisySine(1500);
    series[1200] = { timestamp: series[1200]?.timestamp ?? 0, value: 40 };

    const short = detect(series.slice(0, 1000));
    const long = detect(series);

    expect(long.scores.slice(0, 1000)).toEqual(short.scores);
  });

  it('scores in chunks with state exactly as in one batch', () => {
    const series = noisySine(1500, 7);
    const batch = detect(series);

    let state = undefined as Parameters<typeof detect>[2];
    const chunked: number[] = [];
    for (const [from, to] of [
      [0, 1],
      [1, 333],
      [333, 900],
      [900, 1500],
    ] as const) {
      const part = detect(series.slice(from, to), undefined, state);
      chunked.push(...part.scores);
      state = JSON.parse(JSON.stringify(part.state));
    }

    expect(chunked).toEqual(batch.scores);
  });

  it('keeps scores in [0, 1]', () => {
    const { scores } = detect(noisySine(2000, 3));
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('rejects an empty series and non-finite values with a typed error', () => {
    expect(() => detect([])).toThrow(ValidationError);
    try {
      detect([{ timestamp: 0, value: Number.NaN }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('INVALID_SERIES');
      expect((error as ValidationError).details[0]?.path).toBe('[0].value');
    }
  });
});
