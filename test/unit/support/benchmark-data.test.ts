import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARK_DATA_ROOT, benchmarkData } from '../../support/benchmark-data';

describe('benchmark data location', () => {
  it('resolves ../shared/data beside the clone, whatever the working directory', () => {
    expect(BENCHMARK_DATA_ROOT).toBe(join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data'));
  });

  it('skips a missing dataset on a developer machine but fails under CI', () => {
    expect(benchmarkData('no-such-dataset', '', {}).available).toBe(false);
    expect(() => benchmarkData('no-such-dataset', '', { CI: 'true' })).toThrow(/CI is set/);
  });

  it('reports a present dataset as available, under CI too', () => {
    const present = existsSync(join(BENCHMARK_DATA_ROOT, 'm4'));
    expect(benchmarkData('m4', '', { CI: 'true' }).available).toBe(present);
  });
});
