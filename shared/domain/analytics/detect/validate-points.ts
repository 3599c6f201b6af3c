/** Rejects series the detector cannot score (empty, non-finite values, bad timestamps) with a typed error. */
import { ValidationError } from '../../errors';
import type { SeriesPoint } from '../contracts';

/** Upper bound on points per call, so a single request cannot pin a CPU for minutes. */
export const MAX_POINTS_PER_CALL = 1_000_000;

/**
 * Throws a {@link ValidationError} (code `INVALID_SERIES`) naming every bad point by path,
 * e.g. `[3].value`; returns normally when the series can be scored.
 */
export function validatePoints(points: readonly SeriesPoint[]): void {
  if (!Array.isArray(points) || points.length === 0) {
    throw new ValidationError('INVALID_SERIES', 'The series must contain at least one point.', [
      { path: '', message: 'expected a non-empty array of points' },
    ]);
  }
  if (points.length > MAX_POINTS_PER_CALL) {
    throw new ValidationError('INVALID_SERIES', `At most ${MAX_POINTS_PER_CALL} points per call.`, [
      { path: '', message: `got ${points.length} points` },
    ]);
  }
  const details: { path: string; message: string }[] = [];
  for (let i = 0; i < points.length && details.length < 20; i++) {
    const point = points[i];
    if (point === null || typeof point !== 'object') {
      details.push({ path: `[${i}]`, message: 'expected an object with timestamp and value' });
      continue;
    }
    if (typeof point.value !== 'number' || !Number.isFinite(point.value)) {
      details.push({ path: `[${i}].value`, message: 'expected a finite number' });
    }
    const ts = point.timestamp;
    const okTs = (typeof ts === 'number' && Number.isFinite(ts)) || (typeof ts === 'string' && ts.length > 0);
    if (!okTs) details.push({ path: `[${i}].timestamp`, message: 'expected an ISO 8601 string or epoch ms' });
  }
  if (details.length > 0) {
    throw new ValidationError('INVALID_SERIES', 'The series has invalid points.', details);
  }
}
