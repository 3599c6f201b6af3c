/**
 * A report's schedule: a 5-field cron read in an IANA zone. Validates it, converts it to
 * EventBridge Scheduler's 6-field form, and lists its run times with EventBridge Scheduler's
 * documented daylight-saving behaviour (a local time the spring change skips does not run; one
 * the autumn change repeats runs once, at its first occurrence), so the local scheduler and AWS agree.
 */
import { type CronExpression, CronExpressionParser } from 'cron-parser';
import { definedProps } from '../defined-props';
import { ValidationError } from '../errors';
import { checkTimeZone, offsetSecondsAt } from '../metrics/time-buckets';
import type { ReportSchedule } from './report-definition';

function invalid(message: string, path = 'schedule.cron'): ValidationError {
  return new ValidationError('INVALID_SCHEDULE', message, [{ path, message }]);
}

function parse(schedule: ReportSchedule, currentDate?: Date): CronExpression {
  const fields = schedule.cron.trim().split(/\s+/);
  if (fields.length !== 5) throw invalid('expected 5 fields: minute hour day-of-month month day-of-week');
  // `L`, `#`, `W` and `H` have no exact EventBridge twin in every position: refused for now.
  if (fields.some((f) => /[#?]|(^|[^A-Z])[LWH]([^A-Z]|$)/i.test(f)))
    throw invalid('L, W, #, ? and H are not supported; use numbers, names, ranges, lists and steps');
  let expression: CronExpression;
  try {
    expression = CronExpressionParser.parse(
      `0 ${fields.join(' ')}`,
      definedProps({ tz: schedule.timezone, currentDate }),
    );
  } catch (error) {
    throw invalid(`not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!expression.fields.dayOfMonth.isWildcard && !expression.fields.dayOfWeek.isWildcard)
    throw invalid(
      'day-of-month and day-of-week cannot both be restricted (EventBridge Scheduler cannot express it)',
    );
  return expression;
}

/** Checks the schedule; throws a ValidationError with the field path when it cannot run. */
export function checkSchedule(schedule: ReportSchedule): ReportSchedule {
  const timezone = checkTimeZone(schedule.timezone, 'schedule.timezone');
  const normalised = { cron: schedule.cron.trim().split(/\s+/).join(' '), timezone };
  parse(normalised);
  return normalised;
}

/** The same schedule as an EventBridge Scheduler `cron(min hour dom month dow year)` expression. */
export function eventBridgeCron(schedule: ReportSchedule): string {
  const { fields } = parse(schedule);
  const list = (values: readonly (number | string)[], wildcard: boolean) =>
    wildcard ? '*' : [...new Set(values)].join(',');
  const minute = list(fields.minute.values, fields.minute.isWildcard);
  const hour = list(fields.hour.values, fields.hour.isWildcard);
  const month = list(fields.month.values, fields.month.isWildcard);
  let dom = list(fields.dayOfMonth.values, fields.dayOfMonth.isWildcard);
  let dow = '?';
  if (!fields.dayOfWeek.isWildcard) {
    // cron counts Sunday as 0 or 7, EventBridge as 1 (SUN=1 ... SAT=7).
    const days = [...new Set(fields.dayOfWeek.values.map((d) => (Number(d) % 7) + 1))].sort((a, b) => a - b);
    dow = days.join(',');
    dom = '?';
  }
  return `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`;
}

/** Local wall-clock seconds since the epoch at the instant. */
function wallSeconds(epochSeconds: number, timeZone: string): number {
  return epochSeconds + offsetSecondsAt(epochSeconds, timeZone);
}

/** Whether the instant's wall-clock time first occurred earlier (the repeated hour of an autumn change). */
function isRepeat(epochSeconds: number, timeZone: string): boolean {
  const before = offsetSecondsAt(epochSeconds - 3 * 3600, timeZone);
  const shift = before - offsetSecondsAt(epochSeconds, timeZone);
  if (shift <= 0) return false;
  const earlier = epochSeconds - shift;
  return wallSeconds(earlier, timeZone) === wallSeconds(epochSeconds, timeZone);
}

/** Run times strictly after `after`, at most `count` of them, as EventBridge Scheduler runs them. */
export function nextRuns(schedule: ReportSchedule, after: Date, count = 1): Date[] {
  const expression = parse(schedule, after);
  const minutes = new Set(expression.fields.minute.values.map(Number));
  const hours = new Set(expression.fields.hour.values.map(Number));
  const runs: Date[] = [];
  // A year of candidates at most: a schedule that never fires (30 Feb) ends the search.
  for (let guard = 0; runs.length < count && guard < 600_000 && expression.hasNext(); guard++) {
    const t = expression.next().getTime() / 1000;
    const wall = wallSeconds(t, schedule.timezone);
    const wallMinute = Math.floor(wall / 60) % 60;
    const wallHour = Math.floor(wall / 3600) % 24;
    // A skipped local time comes back shifted past the gap: it is not on the schedule.
    if (!minutes.has(wallMinute) || !hours.has(wallHour)) continue;
    if (isRepeat(t, schedule.timezone)) continue;
    runs.push(new Date(t * 1000));
  }
  return runs;
}

/** The first run time after `after`, or null for a schedule that never fires. */
export function nextRunAt(schedule: ReportSchedule, after: Date): Date | null {
  return nextRuns(schedule, after, 1)[0] ?? null;
}
