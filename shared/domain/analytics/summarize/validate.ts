/** Rejects inputs `summarize` cannot describe (too short, too long, non-finite values, bad period) with a typed error. */
import { type ErrorDetail, ValidationError } from '../../errors';

/** Fewest values a summary is computed for: a trend needs one residual degree of freedom. */
export const MIN_VALUES = 3;

/** Most values per call, so one request cannot pin a CPU for long. */
export const MAX_VALUES = 1_000_000;

/**
 * Largest magnitude accepted, so sums of squares and spectra stay finite (no Infinity or NaN in
 * the summary); far beyond any measured quantity.
 */
export const MAX_ABS_VALUE = 1e100;

/** At most this many bad values are named, so the error stays small for a broken million-value input. */
const MAX_DETAILS = 20;

/**
 * Throws a {@link ValidationError} (code `INVALID_SERIES`) naming each problem by path
 * (`values[3]`, `options.period`); returns normally when the input can be summarised.
 */
export function validateSummarizeInput(values: unknown, period: unknown): void {
  if (!Array.isArray(values)) {
    throw new ValidationError('INVALID_SERIES', 'The values must be an array of numbers.', [
      { path: 'values', message: 'expected an array of finite numbers' },
    ]);
  }
  if (values.length < MIN_VALUES) {
    throw new ValidationError('INVALID_SERIES', `At least ${MIN_VALUES} values are needed.`, [
      { path: 'values', message: `expected at least ${MIN_VALUES} values, got ${values.length}` },
    ]);
  }
  if (values.length > MAX_VALUES) {
    throw new ValidationError('INVALID_SERIES', `At most ${MAX_VALUES} values per call.`, [
      { path: 'values', message: `expected at most ${MAX_VALUES} values, got ${values.length}` },
    ]);
  }
  const details: ErrorDetail[] = [];
  for (let i = 0; i < values.length && details.length < MAX_DETAILS; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      details.push({ path: `values[${i}]`, message: 'expected a finite number', index: i });
    } else if (Math.abs(v) > MAX_ABS_VALUE) {
      details.push({
        path: `values[${i}]`,
        message: `expected a magnitude of at most ${MAX_ABS_VALUE}`,
        index: i,
      });
    }
  }
  if (period !== undefined && !(typeof period === 'number' && Number.isInteger(period) && period >= 2)) {
    details.push({ path: 'options.period', message: 'expected an integer of at least 2' });
  }
  if (details.length > 0) {
    throw new ValidationError('INVALID_SERIES', 'The series cannot be summarised.', details);
  }
}
