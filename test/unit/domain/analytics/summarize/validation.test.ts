import { describe, expect, it } from 'vitest';
import { MAX_VALUES, summarize } from '../../../../../shared/domain/analytics/summarize/summarize';
import { ValidationError } from '../../../../../shared/domain/errors';

function captureError(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('summarize: input validation', () => {
  it('names every non-finite value by its path', () => {
    const error = captureError(() => summarize([1, 2, 3, Number.NaN, 5, Number.POSITIVE_INFINITY]));

    expect(error.code).toBe('INVALID_SERIES');
    expect(error.details.map((d) => d.path)).toEqual(['values[3]', 'values[5]']);
  });

  it('rejects values that are not numbers at all', () => {
    const values = [1, 2, '3', null] as unknown as number[];
    const error = captureError(() => summarize(values));
    expect(error.details.map((d) => d.path)).toEqual(['values[2]', 'values[3]']);
  });

  it('rejects values beyond the magnitude limit, where sums of squares would overflow', () => {
    const error = captureError(() => summarize([1, -2e100, 3, 5e99]));
    expect(error.details.map((d) => d.path)).toEqual(['values[1]']);
  });

  it('rejects fewer than 3 values', () => {
    const error = captureError(() => summarize([1, 2]));
    expect(error.details[0]?.path).toBe('values');
  });

  it('accepts exactly 3 values', () => {
    expect(summarize([1, 2, 3]).count).toBe(3);
  });

  it('rejects more than the maximum number of values', () => {
    const error = captureError(() => summarize(new Array<number>(MAX_VALUES + 1).fill(1)));
    expect(error.details[0]?.path).toBe('values');
  });

  it('rejects a value list that is not an array', () => {
    const error = captureError(() => summarize({ length: 5 } as unknown as number[]));
    expect(error.details[0]?.path).toBe('values');
  });

  it.each([1, 0, -4, 2.5, Number.NaN])('rejects period %s with the path options.period', (period) => {
    const error = captureError(() => summarize([1, 2, 3, 4, 5], { period }));
    expect(error.details.map((d) => d.path)).toEqual(['options.period']);
  });

  it('reports bad values and a bad period together', () => {
    const error = captureError(() => summarize([1, Number.NaN, 3], { period: 1 }));
    expect(error.details.map((d) => d.path)).toEqual(['values[1]', 'options.period']);
  });
});
