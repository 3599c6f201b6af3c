/** Rejects forecast requests the forecaster cannot serve (short or non-finite series, bad options) with a typed error. */
import { type ErrorDetail, ValidationError } from '../../errors';
import type { ForecastOptions } from '../contracts';

/** Upper bound on the horizon, so a single request cannot ask for an unbounded answer. */
export const MAX_HORIZON = 1000;
/** Upper bound on the series length, so a single request cannot pin a CPU for minutes. */
export const MAX_VALUES = 1_000_000;
/** The forecaster needs at least this many values to estimate anything. */
export const MIN_VALUES = 2;

function isPositiveInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1;
}

/**
 * Throws a {@link ValidationError} (code `INVALID_FORECAST_REQUEST`) naming every bad field by
 * path (`values[3]`, `options.horizon`, `options.levels[0]`); returns normally when the request
 * can be served.
 */
export function validateForecastInput(values: readonly number[], options: ForecastOptions): void {
  const details: ErrorDetail[] = [];
  if (!Array.isArray(values)) {
    details.push({ path: 'values', message: 'expected an array of numbers' });
  } else {
    if (values.length < MIN_VALUES) {
      details.push({
        path: 'values',
        message: `expected at least ${MIN_VALUES} values, got ${values.length}`,
      });
    }
    if (values.length > MAX_VALUES) {
      details.push({
        path: 'values',
        message: `expected at most ${MAX_VALUES} values, got ${values.length}`,
      });
    }
    let bad = 0;
    for (let i = 0; i < values.length && bad < 20; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        details.push({ path: `values[${i}]`, message: 'expected a finite number' });
        bad++;
      }
    }
  }
  if (options === null || typeof options !== 'object') {
    details.push({ path: 'options', message: 'expected an object with a horizon' });
  } else {
    const { horizon, period, levels } = options;
    if (!isPositiveInteger(horizon) || horizon > MAX_HORIZON) {
      details.push({ path: 'options.horizon', message: `expected an integer from 1 to ${MAX_HORIZON}` });
    }
    if (period !== undefined) {
      const n = Array.isArray(values) ? values.length : 0;
      if (!isPositiveInteger(period)) {
        details.push({ path: 'options.period', message: 'expected a positive integer' });
      } else if (n > 0 && period > n) {
        details.push({ path: 'options.period', message: `expected at most the series length (${n})` });
      }
    }
    if (levels !== undefined) {
      if (!Array.isArray(levels)) {
        details.push({ path: 'options.levels', message: 'expected an array of percentages' });
      } else {
        levels.forEach((level, i) => {
          if (typeof level !== 'number' || !Number.isFinite(level) || level <= 0 || level >= 100) {
            details.push({ path: `options.levels[${i}]`, message: 'expected a percentage in (0, 100)' });
          }
        });
      }
    }
  }
  if (details.length > 0) {
    throw new ValidationError('INVALID_FORECAST_REQUEST', 'The forecast request is invalid.', details);
  }
}
