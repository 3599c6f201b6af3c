/** Restores the detector's state from what a caller passed back, rejecting anything malformed. */

import { definedProps } from '../../defined-props';
import { ValidationError } from '../../errors';
import type { DetectorState } from '../contracts';
import { HOUR_MEAN_RUN, type HourOfDayState } from './hour-of-day-profile';
import { HISTORY_LENGTH, initialState, type OnlineState } from './online-detector';
import { GRID_SAMPLES, type ReadingGridState } from './reading-grid';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumbers = (v: unknown, max: number): v is number[] =>
  Array.isArray(v) && v.length <= max && v.every(isNumber);
const isCount = (v: unknown): v is number => isNumber(v) && v >= 0;
/** The hour-of-day profile's state: 24 levels, deviations and counts, two run lengths, the level test's window, side and fit ratio, and the last value (optional: older states lack them). */
function isHours(v: unknown): v is HourOfDayState {
  if (typeof v !== 'object' || v === null) return false;
  const h = v as Record<string, unknown>;
  const day = (a: unknown) => isNumbers(a, 24) && a.length === 24;
  return (
    day(h.mean) &&
    day(h.dev) &&
    day(h.count) &&
    (h.count as number[]).every(isCount) &&
    isCount(h.up) &&
    isCount(h.down) &&
    (h.recent === undefined || isNumbers(h.recent, HOUR_MEAN_RUN)) &&
    (h.side === undefined || h.side === -1 || h.side === 0 || h.side === 1) &&
    (h.fit === undefined || isCount(h.fit)) &&
    (h.naive === undefined || isCount(h.naive)) &&
    (h.seen === undefined || isCount(h.seen)) &&
    (h.last === undefined || isNumber(h.last))
  );
}

/** The reading grid's state: spacings gathered (fewer than GRID_SAMPLES, all positive), the interval (0 while unknown), the last read time and its hour, and the readings and intervals counted since. */
function isGrid(v: unknown): v is ReadingGridState {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  return (
    isNumbers(g.samples, GRID_SAMPLES - 1) &&
    (g.samples as number[]).every((x) => x > 0) &&
    isCount(g.spacing) &&
    isNumber(g.last) &&
    (g.readings === undefined || isCount(g.readings)) &&
    (g.intervals === undefined || isCount(g.intervals)) &&
    (g.pending === undefined || isCount(g.pending)) &&
    (g.hour === undefined ||
      (Number.isInteger(g.hour) && (g.hour as number) >= -1 && (g.hour as number) < 24))
  );
}

/**
 * A copy of `state` the detector may mutate. No state, or the state of an earlier detector
 * version, starts learning afresh (a model upgrade restarts every series); a current-version
 * state with wrong fields is a caller error.
 */
export function restoreState(state: DetectorState | undefined): OnlineState {
  if (state === undefined || state.version !== 1) return initialState();
  const s = state as Record<string, unknown>;
  const lk = s.likelihood as Record<string, unknown> | null | undefined;
  const ok =
    isNumber(s.n) &&
    s.n >= 0 &&
    isNumber(s.min) &&
    isNumber(s.max) &&
    isNumbers(s.values, HISTORY_LENGTH) &&
    isNumbers(s.distances, HISTORY_LENGTH) &&
    (s.distances as number[]).length === (s.values as number[]).length &&
    isNumber(s.typical) &&
    isNumbers(s.raws, 64) &&
    isNumber(s.quiet) &&
    (s.alerts === undefined || (isNumber(s.alerts) && s.alerts >= 0)) &&
    (s.breaks === undefined || (isNumber(s.breaks) && s.breaks >= 0)) &&
    typeof lk === 'object' &&
    lk !== null &&
    isNumber(lk.mean) &&
    isNumber(lk.variance) &&
    typeof lk.red === 'boolean' &&
    (s.spacing === undefined || isNumber(s.spacing)) &&
    (s.lastT === undefined || isNumber(s.lastT)) &&
    (s.hours === undefined || isHours(s.hours)) &&
    (s.grid === undefined || isGrid(s.grid));
  if (!ok) {
    throw new ValidationError('INVALID_STATE', 'The detector state is malformed; omit it to start afresh.', [
      { path: 'state', message: 'expected the state returned by a previous call' },
    ]);
  }
  return {
    version: 1,
    n: s.n as number,
    min: s.min as number,
    max: s.max as number,
    values: [...(s.values as number[])],
    distances: [...(s.distances as number[])],
    typical: s.typical as number,
    raws: [...(s.raws as number[])],
    likelihood: { mean: lk.mean as number, variance: lk.variance as number, red: lk.red as boolean },
    quiet: s.quiet as number,
    ...definedProps({
      alerts: s.alerts as number | undefined,
      breaks: s.breaks as number | undefined,
      spacing: s.spacing as number | undefined,
      lastT: s.lastT as number | undefined,
      hours: s.hours as HourOfDayState | undefined,
      grid: s.grid as ReadingGridState | undefined,
    }),
  };
}
